package io.vectorgrad.training.spec;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.util.Arrays;
import java.util.Locale;

/**
 * The shape of a model as a user describes it: layer sizes ({@code 784,256,128,10}), the hidden activation
 * and the output activation (from the {@link LossPairing}), and optionally {@code residual} pre-norm residual
 * blocks after the first hidden Dense layer with a {@link NormKind} (without residual blocks, a norm other
 * than none goes after every hidden Dense layer). One call, {@link #build}, turns it into a
 * {@link Model}; options that change the shape become fields here, so every command that builds models gets
 * them at once. Sizes are checked against Java's array limit here and against the heap by the estimates.
 */
public final class ModelSpec {
  /** Largest weight matrix of one layer: what one Java array holds. */
  public static final long MAX_LAYER_WEIGHTS = Integer.MAX_VALUE - 8;

  private final int[] layers;
  private final Activation hidden;
  private final Activation output;
  private final int residual;
  private final NormKind norm;

  private ModelSpec(int[] layers, Activation hidden, Activation output) {
    this(layers, hidden, output, 0, NormKind.NONE);
  }

  private ModelSpec(int[] layers, Activation hidden, Activation output, int residual, NormKind norm) {
    this.layers = layers.clone();
    this.hidden = hidden;
    this.output = output;
    this.residual = residual;
    this.norm = java.util.Objects.requireNonNull(norm, "norm");
    if (residual < 0) {
      throw new SpecException("residual blocks " + residual + ": expected >= 0");
    }
    if (residual > 0 && layers.length < 3) {
      throw new SpecException("layers " + formatLayers(layers) + ": residual blocks go after the first hidden Dense layer,"
          + " so at least one hidden size is needed (e.g. 784,256,10)");
    }
    if (layers.length < 2) {
      throw new SpecException("layers " + formatLayers(layers) + ": need at least an input and an output size");
    }
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] < 1) {
        throw new SpecException("layers " + formatLayers(layers) + ": sizes must be >= 1");
      }
      if (i > 0 && (long) layers[i - 1] * layers[i] > MAX_LAYER_WEIGHTS) {
        throw new SpecException("layers " + formatLayers(layers) + ": layer " + layers[i - 1] + "→" + layers[i] + " has "
            + (long) layers[i - 1] * layers[i] + " weights, more than one Java array holds (" + MAX_LAYER_WEIGHTS + ")");
      }
    }
  }

  /** Sizes {@code layers}, {@code hidden} after every inner layer, {@code output} after the last. */
  public static ModelSpec of(int[] layers, Activation hidden, Activation output) {
    return new ModelSpec(layers, hidden, output);
  }

  /** As {@link #of}, the output activation chosen by the loss. */
  public static ModelSpec forLoss(int[] layers, Activation hidden, LossPairing loss) {
    return new ModelSpec(layers, hidden, loss.outputActivation());
  }

  /** {@code depth} layers of {@code width} units, all with {@code activation} (the checkpointing benchmarks). */
  public static ModelSpec chain(int depth, int width, Activation activation) {
    if (depth < 1 || width < 1) {
      throw new SpecException("depth " + depth + ", width " + width + ": expected both >= 1");
    }
    int[] l = new int[depth + 1];
    Arrays.fill(l, width);
    return new ModelSpec(l, activation, activation);
  }

  /**
   * This shape with {@code residual} pre-norm residual blocks (each {@code norm → Dense → activation → Dense},
   * of the first hidden layer's width) after the first hidden Dense layer, normalised by {@code norm}; with
   * {@code residual = 0} a norm other than none follows every hidden Dense layer.
   */
  public ModelSpec withBlocks(int residual, NormKind norm) {
    return new ModelSpec(layers, hidden, output, residual, norm);
  }

  /** Residual blocks after the first hidden layer (0: none). */
  public int residualBlocks() {
    return residual;
  }

  public NormKind norm() {
    return norm;
  }

  /** Parses {@code 784,256,10}: comma-separated whole numbers >= 1. */
  public static int[] parseLayers(String text) {
    String[] parts = (text == null ? "" : text).split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new SpecException("layers " + text + ": '" + parts[i]
            + "' is not a whole number (expected a list such as 784,256,10)");
      }
      if (out[i] < 1) {
        throw new SpecException("layers " + text + ": sizes must be >= 1");
      }
    }
    return out;
  }

  public int[] layers() {
    return layers.clone();
  }

  public int inputSize() {
    return layers[0];
  }

  public int outputSize() {
    return layers[layers.length - 1];
  }

  public Activation hidden() {
    return hidden;
  }

  public Activation output() {
    return output;
  }

  /** Checks the first and last sizes against a data set's features and target width. */
  public void checkFits(int features, int targetWidth, String dataName, String lossName) {
    if (inputSize() != features) {
      throw new SpecException("layers " + formatLayers(layers) + ": the first size must be " + features
          + ", the number of features of " + dataName);
    }
    if (outputSize() != targetWidth) {
      throw new SpecException("layers " + formatLayers(layers) + ": the last size must be " + targetWidth
          + ", the target width of " + dataName + " with loss " + lossName);
    }
  }

  /** Trainable parameters: weights, biases and the norms' scales and shifts. */
  public long parameterCount() {
    long p = 0;
    for (int i = 1; i < layers.length; i++) {
      p += (long) layers[i - 1] * layers[i] + layers[i];
      if (residual == 0 && norm != NormKind.NONE && i < layers.length - 1) {
        p += 2L * layers[i];
      }
    }
    if (residual > 0) {
      long w = layers[1];
      p = HeapBudget.sum(p, HeapBudget.product(residual, 2 * (w * w + w) + (norm == NormKind.NONE ? 0 : 2 * w)));
    }
    return p;
  }

  private long activationFloats(int batch) {
    long widths = 0;
    for (int l : layers) {
      widths += l;
    }
    // a residual block keeps at least its output and its hidden layer
    widths = HeapBudget.sum(widths, HeapBudget.product(residual, 2L * layers[1]));
    return HeapBudget.product(batch, widths);
  }

  /** Bytes of the activations and their gradients at every layer boundary for {@code batch} rows. */
  public long activationBytes(int batch) {
    return HeapBudget.product(activationFloats(batch), 3, 4);
  }

  private long maxWidth() {
    return Arrays.stream(layers).max().getAsInt();
  }

  /**
   * A lower bound of the bytes training needs: parameters, their gradients and {@code optimizerStates}
   * state copies; per batch row the stored activations and their gradients at every layer boundary, and
   * two widest-layer scratch buffers.
   */
  public long trainingBytes(int batch, int optimizerStates) {
    long params = HeapBudget.product(parameterCount(), 2L + optimizerStates);
    long acts = HeapBudget.product(activationFloats(batch), 3);
    long scratch = HeapBudget.product(batch, maxWidth(), 2);
    return HeapBudget.product(HeapBudget.sum(HeapBudget.sum(params, acts), scratch), 4);
  }

  /** A lower bound of the bytes of the model plus an inference workspace of {@code batch} rows. */
  public long inferenceBytes(int batch) {
    return HeapBudget.product(HeapBudget.sum(HeapBudget.product(parameterCount(), 2),
        HeapBudget.product(batch, maxWidth(), 4)), 4);
  }

  /** A new model with seeded initial weights. */
  public Model build(long seed) {
    return builder().build(seed);
  }

  /** The architecture {@link #build} makes, without allocating weights (e.g. to load a state dict into). */
  public io.vectorgrad.training.model.Architecture architecture() {
    return builder().architecture();
  }

  private Model.Builder builder() {
    Model.Builder b = Model.builder(layers[0]);
    for (int i = 1; i < layers.length; i++) {
      boolean last = i == layers.length - 1;
      b.dense(layers[i], last ? output : hidden);
      if (!last && residual == 0 && norm == NormKind.LAYER) {
        b.layerNorm();
      } else if (!last && residual == 0 && norm == NormKind.BATCH) {
        b.batchNorm();
      }
      if (i == 1 && residual > 0) {
        b.residual(residual, norm, hidden, layers[1]);
      }
    }
    return b;
  }

  /** {@code 2-64-64-3 relu/softmax (4547 parameters)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder().append(layers[0]);
    for (int i = 1; i < layers.length; i++) {
      sb.append('-').append(layers[i]);
    }
    sb.append(' ').append(layers.length > 2 ? hidden.spec() : output.spec());
    if (layers.length > 2) {
      sb.append('/').append(output.spec());
    }
    if (residual > 0) {
      sb.append(", ").append(residual).append(" residual blocks");
    }
    if (norm != NormKind.NONE) {
      sb.append(residual > 0 ? " with " : ", ").append(norm.spec()).append(" norm");
    }
    return sb.append(String.format(Locale.ROOT, " (%d parameters)", parameterCount())).toString();
  }

  /** {@code 784,256,10}: the form {@link #parseLayers} reads. */
  public static String formatLayers(int[] a) {
    return Arrays.toString(a).replaceAll("[\\[\\] ]", "");
  }
}
