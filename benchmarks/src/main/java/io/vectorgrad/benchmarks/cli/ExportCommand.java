package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.io.ModelFormat;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.LossPairing;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vectorgrad export}: converts a model file (vectorgrad, PyTorch state dict or ONNX) to ONNX or safetensors. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Converts a model (vectorgrad safetensors, PyTorch state dict or ONNX) to ONNX or safetensors.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT})
final class ExportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  ModelInput input;

  @Option(names = "--loss", paramLabel = "L", converter = Converters.Loss.class,
      completionCandidates = Candidates.Losses.class,
      description = "For a state dict: the loss it was trained for, which picks the output activation: "
          + "${COMPLETION-CANDIDATES} (default: softmax-ce, as PyTorch classifiers output logits).")
  LossPairing loss;

  @Option(names = "--format", paramLabel = "F", converter = Converters.Format.class, defaultValue = "onnx",
      completionCandidates = Candidates.Formats.class,
      description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  ModelFormat format;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write (atomically).")
  java.nio.file.Path out;

  @Override
  public Integer call() throws Exception {
    new OutputPaths().input("--model", input.file).output("--out", out).check();
    Model model = input.load(loss);
    format.save(model, out);
    spec.commandLine().getOut().printf("%s: %s, %d parameters, written as %s%n", out, model.architecture().toJson(),
        model.parameterCount(), format.spec());
    return ExitCodes.OK;
  }
}
