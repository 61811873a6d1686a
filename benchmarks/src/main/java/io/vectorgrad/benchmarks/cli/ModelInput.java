package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.io.ModelFormat;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.LossPairing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --model FILE} and, for a file without an architecture, the shape options ({@code evaluate}, {@code export}). */
final class ModelInput {
  @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model file: safetensors saved by"
      + " 'vectorgrad train --save', a PyTorch state dict (safetensors, F32/F16/BF16/F64; give its shape with"
      + " --layers and the block flags) or ONNX (*.onnx).")
  Path file;

  @Mixin
  ModelOptions shape;

  /** Loads the model; {@code loss} picks a state dict's output activation (null: softmax). */
  Model load(LossPairing loss) throws IOException {
    if (!Files.exists(file)) {
      throw new UsageException("--model " + file + ": no such file");
    }
    return ModelFormat.load(file, shape.stateDictArchitecture(loss));
  }
}
