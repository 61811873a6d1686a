package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.gradcheck.GradientCheck;
import io.vectorgrad.training.gradcheck.GradientCheckReport;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.spec.RandomBatch;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorgrad gradcheck}: builds a small model on seeded random data and compares the training code's
 * backprop gradients with central differences of the same code's forward pass; exits 1 when the worst
 * relative error is above the tolerance.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Checks backprop gradients against extrapolated differences of the same (float) forward pass.",
        "Defaults: --layers 6,8,5,3 --activation tanh. Exit status 0 when the worst relative error is within the"
            + " tolerance, 1 otherwise."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT})
final class GradcheckCommand implements Callable<Integer> {
  /** Largest layer size a check runs in reasonable time. */
  static final int MAX_SIZE = 4096;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  ModelOptions model;

  @Option(names = "--loss", paramLabel = "L", converter = Converters.Loss.class, defaultValue = "softmax-ce",
      completionCandidates = Candidates.Losses.class, description = "Loss: ${COMPLETION-CANDIDATES} (default "
          + "${DEFAULT-VALUE}); the output activation follows the loss.")
  LossPairing loss;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "4",
      description = "Random samples in the checked batch (default ${DEFAULT-VALUE}).")
  @Bounds(min = 1, max = 4096)
  int rows;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the weights and the data (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epsilon", paramLabel = "H", defaultValue = "" + GradientCheck.DEFAULT_EPSILON,
      description = "Smallest difference range: each parameter p moves by up to 1, 4 and 16 times "
          + "H·max(1, |p|) (default ${DEFAULT-VALUE}).")
  @Bounds(min = 1e-6, max = 1)
  double epsilon;

  @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-4",
      description = "Largest accepted relative error per entry, |a − n| / max(|a|, |n|, tensor RMS) "
          + "(default ${DEFAULT-VALUE}).")
  @Bounds(min = 0, max = 1)
  double tolerance;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelSpec shape = model.spec(new int[] {6, 8, 5, 3}, Activation.TANH, loss);
    for (int l : shape.layers()) {
      if (l > MAX_SIZE) {
        throw new UsageException("--layers: size " + l + " is too large for a gradient check (max " + MAX_SIZE + ")");
      }
    }
    if (loss == LossPairing.SOFTMAX_CE && shape.outputSize() < 2) {
      throw new UsageException("--loss softmax-ce needs at least 2 outputs (last --layers size)");
    }
    Model m = shape.build(seed);
    RandomBatch batch = RandomBatch.of(shape, loss, rows, seed);
    GradientCheck.Options defaults = GradientCheck.Options.defaults();
    GradientCheck.Options options = new GradientCheck.Options(epsilon, defaults.maxEntriesPerTensor(), seed,
        defaults.step(), defaults.floor());
    GradientCheckReport report = GradientCheck.check(m, loss.loss(), batch.inputs(), batch.targets(), rows, options);
    out.printf(Locale.ROOT, "gradient check: %s, %s hidden, %s loss, batch %d, seed %d, h=%.1e%n", shape.describe(),
        shape.hidden().spec(), loss.spec(), rows, seed, epsilon);
    out.println(report);
    double worst = report.worstRelativeError();
    if (!(worst <= tolerance)) {
      spec.commandLine().getErr().printf(Locale.ROOT, "%s: FAILED: worst relative error %.3e in %s is above %.1e%n",
          spec.qualifiedName(), worst, report.worstTensor().name(), tolerance);
      return ExitCodes.FAILURE;
    }
    out.printf(Locale.ROOT, "OK: worst relative error %.3e <= %.1e%n", worst, tolerance);
    return ExitCodes.OK;
  }
}
