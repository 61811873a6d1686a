package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import picocli.CommandLine.Option;

/**
 * The model-shape options shared by {@code train} and {@code gradcheck}, and by {@code evaluate} and
 * {@code export} for files without an architecture (PyTorch state dicts); {@link #spec} maps them to one
 * {@link ModelSpec}, so a new shape option is one field here and one argument there.
 */
final class ModelOptions {
  /** Parsed {@code --layers}; a record, not an int[], which picocli would take for a multi-value option. */
  record LayerSizes(int[] sizes) {}

  @Option(names = "--layers", paramLabel = "L", converter = Converters.Layers.class,
      description = "Layer sizes such as 784,256,128,10 (first = features, last = outputs).")
  LayerSizes layers;

  @Option(names = "--activation", paramLabel = "A", converter = Converters.Hidden.class,
      completionCandidates = Candidates.Activations.class,
      description = "Hidden activation: ${COMPLETION-CANDIDATES}.")
  Activation activation;

  @Option(names = "--residual", paramLabel = "N", defaultValue = "0",
      description = "Pre-norm residual blocks (norm, Dense, activation, Dense) after the first hidden Dense layer,"
          + " of its width (default ${DEFAULT-VALUE}).")
  @Bounds(min = 0, max = 100_000)
  int residual;

  @Option(names = "--norm", paramLabel = "K", converter = Converters.Norm.class, defaultValue = "none",
      completionCandidates = Candidates.Norms.class,
      description = "Normalisation: ${COMPLETION-CANDIDATES}; inside the residual blocks, or after every hidden"
          + " Dense layer without them (default ${DEFAULT-VALUE}).")
  NormKind norm;

  /** The shape, with the command's defaults for options not given; the loss chooses the output layer. */
  ModelSpec spec(int[] defaultLayers, Activation defaultActivation, LossPairing loss) {
    return ModelSpec.forLoss(layers != null ? layers.sizes() : defaultLayers, activation != null ? activation
        : defaultActivation, loss).withBlocks(residual, norm);
  }

  /**
   * The architecture of a file that does not describe itself (a PyTorch state dict), or {@code null} without
   * {@code --layers}; the hidden activation defaults to relu, the output activation is the loss's (default
   * softmax: PyTorch classifiers output logits, and softmax keeps their predictions).
   */
  Architecture stateDictArchitecture(LossPairing loss) {
    if (layers == null) {
      if (activation != null || residual != 0 || norm != NormKind.NONE) {
        throw new UsageException("--activation, --residual and --norm describe a state dict together with --layers"
            + " (e.g. --layers 784,256,128,10)");
      }
      return null;
    }
    return spec(null, Activation.RELU, loss != null ? loss : LossPairing.forOutput(Activation.SOFTMAX)).architecture();
  }
}
