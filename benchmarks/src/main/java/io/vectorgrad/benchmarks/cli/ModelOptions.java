package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import picocli.CommandLine.Option;

/**
 * The model-shape options shared by {@code train} and {@code gradcheck}; {@link #spec} maps them to one
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

  /** The shape, with the command's defaults for options not given; the loss chooses the output layer. */
  ModelSpec spec(int[] defaultLayers, Activation defaultActivation, LossPairing loss) {
    return ModelSpec.forLoss(layers != null ? layers.sizes() : defaultLayers, activation != null ? activation
        : defaultActivation, loss);
  }
}
