/**
 * vectorgrad's JMH benchmarks, JOL probes, reports and the {@code vectorgrad} command line. Not a library:
 * the command line ships as the class-path jar {@code benchmarks/target/vectorgrad.jar}; this descriptor keeps
 * the module's own jar a named module and lets picocli reflect on the command classes.
 *
 * <p>JMH and JOL have no module descriptor and no {@code Automatic-Module-Name}, so they are required by
 * their file-derived names ({@code jmh.core}, {@code jol.core}).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.vectorgrad.benchmarks {
  requires io.vectorgrad.checkpointing;
  requires java.desktop;
  requires java.management;
  requires info.picocli;
  requires jmh.core;
  requires jol.core;
  requires dev.ludovic.netlib.blas;
  requires org.knowm.xchart;

  exports io.vectorgrad.benchmarks;
  exports io.vectorgrad.benchmarks.report;
  opens io.vectorgrad.benchmarks.cli to info.picocli;
}
