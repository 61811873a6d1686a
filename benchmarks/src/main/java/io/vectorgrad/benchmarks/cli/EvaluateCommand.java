package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.Losses;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.Evaluation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code vectorgrad evaluate}: loads a saved model and reports its accuracy and loss on the test part of a
 * data set (the same part {@code train} reports on, since data sets are split with a fixed seed).
 */
final class EvaluateCommand implements Command {
  private static final Set<String> VALUE_FLAGS = Set.of("model", "dataset", "loss", "json", "threads", "batch");

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "Evaluates a saved model on a data set.";
  }

  @Override
  public String usage() {
    return String.join("\n",
        "usage: vectorgrad evaluate --model FILE [flags]",
        "  --model FILE     a model saved by 'vectorgrad train --save' (or any safetensors file with",
        "                   layers.{i}.weight/bias and vectorgrad.architecture metadata)",
        "  --dataset D      spirals (default) | xor | fashion-mnist | idx:DIR | csv:FILE (its test part)",
        "  --loss L         softmax-ce | bce | mse (default: from the output activation)",
        "  --batch N        evaluation batch size (default 256)",
        "  --threads N      GEMM threads",
        "  --json FILE      write test_accuracy, test_loss, samples, ... to FILE");
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(name(), argv, VALUE_FLAGS, Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException(name() + ": unexpected argument '" + a.positional().get(0) + "' (flags start with --)");
    }
    Path file = a.existingFile("model");
    String datasetSpec = a.string("dataset", "spirals");
    int threads = a.integer("threads", Kernels.defaultThreads(), 1, 1024);
    int batch = a.integer("batch", 256, 1, 1 << 20);
    Model model = ModelFiles.load(file);
    Activation output = model.outputActivation();
    String inferred = output == Activation.SOFTMAX ? "softmax-ce" : output == Activation.SIGMOID ? "bce" : "mse";
    String lossSpec = a.choice("loss", inferred, "softmax-ce", "bce", "mse");
    Loss loss = Losses.fromSpec(lossSpec);
    try {
      loss.checkCompatible(output);
    } catch (IllegalArgumentException e) {
      throw new UsageException(name() + ": --loss " + lossSpec + " does not fit the model's " + output.spec()
          + " output: " + Main.describe(e));
    }
    TrainCommand.Data data = TrainCommand.Data.load(name(), datasetSpec, 0, lossSpec);
    if (model.inputSize() != data.test.featureCount() || model.outputSize() != data.test.targetWidth()) {
      throw new UsageException(name() + ": model " + file + " maps " + model.inputSize() + " inputs to "
          + model.outputSize() + " outputs, but " + data.name + " has " + data.test.featureCount() + " features and "
          + data.test.targetWidth() + " target values");
    }
    long start = System.nanoTime();
    Evaluation.Result r = new Evaluation(model, loss, batch, threads).run(data.test);
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean classify = data.test.classCount() > 0;
    out.printf(Locale.ROOT, "%s on %s (%d test samples): %sloss %.4f (%s) in %.2fs%n", file, data.name, r.samples(),
        classify ? String.format(Locale.ROOT, "accuracy %.4f, ", r.accuracy()) : "", r.loss(), lossSpec, seconds);
    if (a.has("json")) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", "evaluate");
      m.put("model", file.toString());
      m.put("architecture", model.architecture().toJson());
      m.put("dataset", datasetSpec);
      m.put("samples", r.samples());
      m.put("test_accuracy", r.accuracy());
      m.put("test_loss", r.loss());
      m.put("loss", lossSpec);
      m.put("seconds", seconds);
      JsonOut.write(Path.of(a.string("json", null)), m);
    }
    return 0;
  }
}
