package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.DatasetSpec;
import io.vectorgrad.training.spec.HeapBudget;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.trainer.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorgrad evaluate}: loads a saved model (vectorgrad safetensors, a PyTorch state dict with its
 * shape given by flags, or ONNX) and reports its accuracy and loss on the test part of a
 * data set (the same part {@code train} reports on, since data sets are split with a fixed seed).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Evaluates a saved model on the test part of a data set.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT, ExitCodes.NON_FINITE_TEXT})
final class EvaluateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  ModelInput input;

  @Option(names = "--dataset", paramLabel = "D", converter = Converters.Dataset.class, defaultValue = "spirals",
      completionCandidates = Candidates.Datasets.class,
      description = "Data set whose test part is evaluated: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  DatasetSpec dataset;

  @Option(names = "--loss", paramLabel = "L", converter = Converters.Loss.class,
      completionCandidates = Candidates.Losses.class,
      description = "Loss: ${COMPLETION-CANDIDATES} (default: the one that fits the model's output activation;"
          + " for a state dict it also picks the output activation, default softmax-ce).")
  LossPairing loss;

  @Option(names = "--classes", paramLabel = "K", description = "Class count of a csv: data set (as for train).")
  @Bounds(min = 2, max = 1_000_000)
  Integer classes;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
      description = "Evaluation batch size (default ${DEFAULT-VALUE}).")
  @Bounds(min = 1, max = 1 << 20)
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "GEMM threads (default: all processors).")
  @Bounds(min = 1, max = 1024)
  Integer threads;

  @Option(names = "--json", paramLabel = "FILE", description = "Write test_accuracy, test_loss, samples, ... to FILE.")
  Path json;

  @Option(names = "--predictions", paramLabel = "FILE", description = "Write each test sample's predicted class to"
      + " FILE, one per line, in data-set order (classification).")
  Path predictions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path file = input.file;
    if (!Files.exists(file)) {
      throw new UsageException("--model " + file + ": no such file");
    }
    OutputPaths paths = new OutputPaths().input("--model", file).output("--json", json)
        .output("--predictions", predictions);
    dataset.inputs().forEach(p -> paths.input("--dataset", p));
    paths.check();
    Model model = input.load(loss);
    Activation output = model.outputActivation();
    LossPairing l = loss != null ? loss : LossPairing.forOutput(output);
    l.checkFits(output);
    DatasetSpec.Parts data = dataset.load(0, l, classes == null ? 0 : classes);
    if (model.inputSize() != data.test().featureCount() || model.outputSize() != data.test().targetWidth()) {
      throw new UsageException("model " + file + " maps " + model.inputSize() + " inputs to " + model.outputSize()
          + " outputs, but " + data.name() + " has " + data.test().featureCount() + " features and "
          + data.test().targetWidth() + " target values");
    }
    int rows = Math.min(batch, data.test().size());
    HeapBudget.require("evaluation at batch " + rows, HeapBudget.product(rows, model.inputSize() + 2L
        * model.outputSize() + 2L * model.maxWidth(), 4));
    long start = System.nanoTime();
    if (predictions != null && data.test().classCount() == 0) {
      throw new UsageException("--predictions needs a classification data set; " + data.name() + " is regression");
    }
    int[] classes = predictions == null ? null : new int[data.test().size()];
    Evaluation.Result r = new Evaluation(model, l.loss(), rows, threads != null ? threads
        : io.vectorgrad.kernels.Kernels.defaultThreads()).run(data.test(), classes);
    double seconds = (System.nanoTime() - start) / 1e9;
    boolean classify = data.test().classCount() > 0;
    out.printf(Locale.ROOT, "%s on %s (%d test samples): %sloss %.4f (%s) in %.2fs%n", file, data.name(), r.samples(),
        classify ? String.format(Locale.ROOT, "accuracy %.4f, ", r.accuracy()) : "", r.loss(), l.spec(), seconds);
    if (classes != null) {
      StringBuilder sb = new StringBuilder(classes.length * 2);
      for (int c : classes) {
        sb.append(c).append('\n');
      }
      io.vectorgrad.training.io.AtomicFiles.write(predictions, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (json != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("command", "evaluate");
      m.put("model", file.toString());
      m.put("architecture", model.architecture().toJson());
      m.put("dataset", dataset.spec());
      m.put("samples", r.samples());
      m.put("test_accuracy", r.accuracy());
      m.put("test_loss", r.loss());
      m.put("non_finite_samples", r.nonFiniteRows());
      m.put("loss", l.spec());
      m.put("seconds", seconds);
      JsonOut.write(json, m);
    }
    if (r.nonFiniteRows() > 0) {
      spec.commandLine().getErr().printf(Locale.ROOT, "%s: the model's outputs are NaN or ∞ for %d of %d samples%n",
          spec.qualifiedName(), r.nonFiniteRows(), r.samples());
      return ExitCodes.NON_FINITE;
    }
    return ExitCodes.OK;
  }
}
