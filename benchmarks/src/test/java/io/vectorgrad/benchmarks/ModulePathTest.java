package io.vectorgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a user's program sees it: a small module that trains, checkpoints and predicts is compiled
 * against the vectorgrad modules this build made (the jars in the modules' {@code target/} under
 * {@code mvn verify}, their {@code target/classes} under {@code mvn test}), then run in child JVMs on the
 * module path and on the class path, each with and without {@code --add-modules jdk.incubator.vector}.
 */
class ModulePathTest {
  private static final List<String> LIBRARY =
      List.of("io.vectorgrad.kernels", "io.vectorgrad.training", "io.vectorgrad.checkpointing");

  private static final String SMOKE_MODULE_INFO = String.join("\n",
      "module io.vectorgrad.smoke {",
      "  requires io.vectorgrad.checkpointing;", // reads training and kernels through requires transitive
      "}");

  private static final String SMOKE_MAIN = String.join("\n",
      "package io.vectorgrad.smoke;",
      "import io.vectorgrad.checkpointing.CheckpointPolicies;",
      "import io.vectorgrad.kernels.Kernels;",
      "import io.vectorgrad.training.data.Spirals;",
      "import io.vectorgrad.training.data.Splits;",
      "import io.vectorgrad.training.loss.SoftmaxCrossEntropy;",
      "import io.vectorgrad.training.model.Activation;",
      "import io.vectorgrad.training.model.Model;",
      "import io.vectorgrad.training.optim.Adam;",
      "import io.vectorgrad.training.serve.Predictor;",
      "import io.vectorgrad.training.trainer.Trainer;",
      "import io.vectorgrad.training.trainer.TrainerConfig;",
      "public final class Main {",
      "  public static void main(String[] args) throws Exception {",
      "    Splits.Split data = Splits.split(Spirals.create(7), 0.2, 7);",
      "    Model model = Model.builder(2).dense(16, Activation.RELU).dense(16, Activation.RELU)",
      "        .dense(3, Activation.SOFTMAX).build(42);",
      "    TrainerConfig config = TrainerConfig.builder().batchSize(32).epochs(2).seed(42).threads(1)",
      "        .optimizer(new Adam(0.01f)).schedule(CheckpointPolicies.parse(\"sqrt\")).build();",
      "    new Trainer(model, SoftmaxCrossEntropy.INSTANCE, config).fit(data.train(), data.test());",
      "    float[] p = new float[3];",
      "    new Predictor(model).predict(new float[] {0.5f, -0.25f}, p);",
      "    System.out.println(\"provider=\" + Kernels.providerName());",
      "    System.out.println(\"module=\" + Model.class.getModule().getName());", // null on the class path
      "    boolean open;",
      "    try {", // the provider classes are not API: a named module must not let anyone instantiate them
      "      Class.forName(\"io.vectorgrad.kernels.scalar.ScalarKernelProvider\").getConstructor().newInstance();",
      "      open = true;",
      "    } catch (IllegalAccessException e) {",
      "      open = false;",
      "    }",
      "    System.out.println(\"internalsAccessible=\" + open);",
      "    System.out.println(\"sum=\" + (p[0] + p[1] + p[2]));",
      "  }",
      "}");

  /** A module that reaches into a non-exported package: must not compile. */
  private static final String SNEAKY_MAIN = String.join("\n",
      "package io.vectorgrad.smoke;",
      "public final class Main {",
      "  public static void main(String[] args) {",
      "    System.out.println(io.vectorgrad.kernels.spi.KernelProvider.scalar());",
      "  }",
      "}");

  private static Map<String, ModuleReference> library;
  private static String libraryPath;

  @BeforeAll
  static void findTheBuiltModules() {
    library = new LinkedHashMap<>();
    for (String entry : testPath()) {
      Path path = Paths.get(entry);
      if (!Files.exists(path)) {
        continue;
      }
      try {
        for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
          String name = ref.descriptor().name();
          if (LIBRARY.contains(name)) {
            library.put(name, ref);
          }
        }
      } catch (FindException e) {
        // a third-party jar whose automatic module name cannot be derived: not ours
      }
    }
    assertEquals(Set.copyOf(LIBRARY), library.keySet(), "vectorgrad modules on the test path " + testPath());
    libraryPath = library.values().stream()
        .map(ref -> Paths.get(ref.location().orElseThrow()).toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  @Test
  void everyLibraryJarIsANamedModuleExportingOnlyItsApi() {
    Map<String, Set<String>> exported = new LinkedHashMap<>();
    for (ModuleReference ref : library.values()) {
      ModuleDescriptor d = ref.descriptor();
      assertFalse(d.isAutomatic(), d.name() + " at " + ref.location() + " has no module-info");
      exported.put(d.name(), d.exports().stream().filter(e -> !e.isQualified())
          .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new)));
      for (ModuleDescriptor.Exports e : d.exports()) {
        if (e.isQualified()) {
          assertTrue(e.targets().stream().allMatch(t -> t.startsWith("io.vectorgrad.")),
              d.name() + " exports " + e.source() + " outside vectorgrad: " + e.targets());
        }
      }
    }
    assertEquals(Set.of("io.vectorgrad.kernels"), exported.get("io.vectorgrad.kernels"));
    assertEquals(Set.of("io.vectorgrad.checkpointing"), exported.get("io.vectorgrad.checkpointing"));
    for (Set<String> packages : exported.values()) {
      for (String p : packages) {
        assertFalse(p.matches(".*\\.(panama|scalar|spi|json|internal)(\\..*)?"), "exported to everyone: " + p);
      }
    }
    assertTrue(exported.get("io.vectorgrad.training").contains("io.vectorgrad.training.model"));
    // the SIMD kernels are optional: without the incubator module the library falls back to scalar
    ModuleDescriptor.Requires vector = library.get("io.vectorgrad.kernels").descriptor().requires().stream()
        .filter(r -> r.name().equals("jdk.incubator.vector")).findFirst().orElseThrow();
    assertTrue(vector.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC), vector.toString());
  }

  @Test
  void aModuleCannotCompileAgainstTheKernelSpi(@TempDir Path dir) throws IOException {
    Path src = writeSources(dir.resolve("src"), SNEAKY_MAIN);
    String errors = javac(src, dir.resolve("out"), 1);
    // raw diagnostics: message keys, whatever the locale
    assertTrue(errors.contains("compiler.err.package.not.visible") && errors.contains("io.vectorgrad.kernels.spi"),
        errors);
  }

  @Test
  void theLibraryRunsOnTheModulePathAndOnTheClassPath(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    javac(writeSources(dir.resolve("src"), SMOKE_MAIN), out, 0);
    String modulePath = libraryPath + File.pathSeparator + out;

    Run modular = run(List.of("--add-modules", "jdk.incubator.vector",
        "--module-path", modulePath, "-m", "io.vectorgrad.smoke/io.vectorgrad.smoke.Main"));
    assertEquals("panama", modular.out.get("provider"), modular.toString());
    assertEquals("io.vectorgrad.training", modular.out.get("module"), modular.toString());
    assertEquals("false", modular.out.get("internalsAccessible"), modular.toString());

    Run modularScalar = run(List.of("--module-path", modulePath, "-m", "io.vectorgrad.smoke/io.vectorgrad.smoke.Main"));
    assertEquals("scalar", modularScalar.out.get("provider"), modularScalar.toString());
    assertTrue(modularScalar.err.contains("falls back to scalar"), modularScalar.toString());

    Run classPath = run(List.of("--add-modules", "jdk.incubator.vector",
        "-cp", modulePath, "io.vectorgrad.smoke.Main"));
    assertEquals("panama", classPath.out.get("provider"), classPath.toString());
    assertEquals("null", classPath.out.get("module"), classPath.toString());
    assertEquals("true", classPath.out.get("internalsAccessible"), classPath.toString());

    Run classPathScalar = run(List.of("-cp", modulePath, "io.vectorgrad.smoke.Main"));
    assertEquals("scalar", classPathScalar.out.get("provider"), classPathScalar.toString());
    assertTrue(classPathScalar.err.contains("falls back to scalar"), classPathScalar.toString());

    // the same code computes the same bits wherever it is loaded from
    assertEquals(modular.out.get("sum"), classPath.out.get("sum"));
    assertEquals(modularScalar.out.get("sum"), classPathScalar.out.get("sum"));
    assertEquals(1.0, Double.parseDouble(modular.out.get("sum")), 1e-5, "softmax probabilities sum to 1");
  }

  /** The test's own path: surefire's class path, else the JVM's class and module paths. */
  private static List<String> testPath() {
    List<String> entries = new ArrayList<>();
    for (String key : List.of("surefire.test.class.path", "java.class.path", "jdk.module.path")) {
      String value = System.getProperty(key);
      if (value != null && !value.isEmpty()) {
        entries.addAll(List.of(value.split(File.pathSeparator)));
      }
    }
    return entries;
  }

  private static Path writeSources(Path src, String main) throws IOException {
    Path pkg = Files.createDirectories(src.resolve("io/vectorgrad/smoke"));
    Files.writeString(src.resolve("module-info.java"), SMOKE_MODULE_INFO);
    Files.writeString(pkg.resolve("Main.java"), main);
    return src;
  }

  /** Compiles the module in src against the library modules; returns javac's messages. */
  private static String javac(Path src, Path out, int expectedStatus) throws IOException {
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac"));
    List<String> args = new ArrayList<>(List.of("-XDrawDiagnostics", "--release", "17", "-d", out.toString(),
        "--module-path", libraryPath));
    try (var files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    StringWriter messages = new StringWriter();
    int status;
    try (PrintWriter w = new PrintWriter(messages)) {
      status = javac.run(w, w, args.toArray(String[]::new));
    }
    assertEquals(expectedStatus, status, "javac " + args + ":\n" + messages);
    return messages.toString();
  }

  private static final class Run {
    final List<String> cmd;
    final Map<String, String> out = new LinkedHashMap<>();
    final String err;

    Run(List<String> cmd, String stdout, String err) {
      this.cmd = cmd;
      this.err = err;
      for (String line : stdout.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
      }
    }

    @Override
    public String toString() {
      return cmd + " printed " + out + ", stderr:\n" + err;
    }
  }

  /** Runs this JVM's java with the arguments; fails unless it exits 0 within two minutes. */
  private static Run run(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("child JVM timed out: " + cmd);
      }
      Run run = new Run(cmd, out, err.join());
      assertEquals(0, p.exitValue(), run.toString());
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
