package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.gradcheck.GradientCheck;
import io.vectorgrad.training.gradcheck.GradientCheckReport;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.Losses;
import io.vectorgrad.training.model.Model;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * {@code vectorgrad gradcheck}: builds a small model on seeded random data and compares the training code's
 * backprop gradients with central differences of the same code's forward pass (float, loss in double);
 * exits 1 when the worst relative error is above the tolerance.
 */
final class GradcheckCommand implements Command {
  private static final Set<String> VALUE_FLAGS = Set.of("layers", "activation", "loss", "seed", "batch", "tolerance",
      "epsilon");

  @Override
  public String name() {
    return "gradcheck";
  }

  @Override
  public String summary() {
    return "Checks backprop gradients against central differences of the same (float) forward pass.";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: vectorgrad gradcheck [flags]",
        "  --layers L       sizes, e.g. 5,7,4 (default 6,8,5,3)",
        "  --activation A   hidden activation: tanh (default), relu, leaky_relu, sigmoid, linear",
        "  --loss L         softmax-ce (default) | bce | mse; the output activation follows the loss",
        "  --batch N        random samples in the checked batch (default 4)",
        "  --seed N         seed of the weights and the data (default 1)",
        "  --epsilon H      central-difference step (default 1e-3)",
        "  --tolerance T    largest accepted relative error (default 1e-2: float rounding limits the check)",
        "exit status 0 when the worst relative error is within the tolerance, 1 otherwise");
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(name(), argv, VALUE_FLAGS, Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException(name() + ": unexpected argument '" + a.positional().get(0) + "' (flags start with --)");
    }
    int[] layers = a.intList("layers", new int[] {6, 8, 5, 3});
    if (layers.length < 2) {
      throw new UsageException(name() + ": --layers needs at least an input and an output size");
    }
    for (int l : layers) {
      if (l > 4096) {
        throw new UsageException(name() + ": --layers: size " + l + " is too large for a gradient check (max 4096)");
      }
    }
    String hidden = a.choice("activation", "tanh", "tanh", "relu", "leaky_relu", "sigmoid", "linear");
    String lossSpec = a.choice("loss", "softmax-ce", "softmax-ce", "bce", "mse");
    long seed = a.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    int rows = a.integer("batch", 4, 1, 4096);
    double tolerance = a.real("tolerance", 1e-2, 0, 1);
    double epsilon = a.real("epsilon", 1e-3, 1e-12, 1e-1);
    int out0 = layers[layers.length - 1];
    if (lossSpec.equals("softmax-ce") && out0 < 2) {
      throw new UsageException(name() + ": --loss softmax-ce needs at least 2 outputs (last --layers size)");
    }
    Model model = TrainCommand.buildModel(layers, hidden, lossSpec, seed);
    Loss loss = Losses.fromSpec(lossSpec);
    Random rnd = new Random(seed ^ 0x9E3779B97F4A7C15L);
    float[] x = new float[rows * layers[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    float[] y = new float[rows * out0];
    for (int r = 0; r < rows; r++) {
      if (lossSpec.equals("softmax-ce")) {
        y[r * out0 + rnd.nextInt(out0)] = 1f;
      } else {
        for (int j = 0; j < out0; j++) {
          y[r * out0 + j] = lossSpec.equals("bce") ? rnd.nextInt(2) : (float) rnd.nextGaussian();
        }
      }
    }
    GradientCheck.Options defaults = GradientCheck.Options.defaults();
    GradientCheck.Options options = new GradientCheck.Options(epsilon, defaults.maxEntriesPerTensor(), seed,
        defaults.step(), defaults.floor());
    GradientCheckReport report = GradientCheck.check(model, loss, x, y, rows, options);
    out.printf(Locale.ROOT, "gradient check: %s, %s hidden, %s loss, batch %d, seed %d, h=%.1e%n",
        TrainCommand.describe(layers, model), hidden, lossSpec, rows, seed, epsilon);
    out.println(report);
    double worst = report.worstRelativeError();
    if (!(worst <= tolerance)) {
      err.printf(Locale.ROOT, "vectorgrad gradcheck: FAILED: worst relative error %.3e in %s is above %.1e%n", worst,
          report.worstTensor().name(), tolerance);
      return 1;
    }
    out.printf(Locale.ROOT, "OK: worst relative error %.3e <= %.1e%n", worst, tolerance);
    return 0;
  }
}
