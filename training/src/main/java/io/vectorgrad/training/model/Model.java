package io.vectorgrad.training.model;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.layers.ActivationLayer;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.layers.Dropout;
import io.vectorgrad.training.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A sequential MLP: Dense layers, each followed by an {@link Activation} and optionally a {@link Dropout}
 * (a <em>block</em> in the backward-pass SPI). Built with {@link #builder(int)}:
 * <pre>
 *   Model m = Model.builder(784).dense(256, RELU).dense(128, RELU).dense(10, SOFTMAX).build(42);
 * </pre>
 * The parameter arrays are live: optimizers update them in place. A model is not thread-safe while it
 * trains; for concurrent inference use {@code io.vectorgrad.training.serve.Predictor}.
 */
public final class Model {
  private final int inputSize;
  private final Dense[] dense;
  private final Activation[] activations;
  private final Dropout[] dropouts;
  private final Architecture architecture;
  private final List<Layer> layers;

  private Model(int inputSize, Dense[] dense, Activation[] activations, Dropout[] dropouts) {
    this.inputSize = inputSize;
    this.dense = dense;
    this.activations = activations;
    this.dropouts = dropouts;
    int[] sizes = new int[dense.length + 1];
    String[] specs = new String[dense.length];
    sizes[0] = inputSize;
    List<Layer> ls = new ArrayList<>();
    for (int i = 0; i < dense.length; i++) {
      sizes[i + 1] = dense[i].outputSize();
      specs[i] = activations[i].spec();
      ls.add(dense[i]);
      ls.add(new ActivationLayer(activations[i], dense[i].outputSize()));
      if (dropouts[i] != null) {
        ls.add(dropouts[i]);
      }
    }
    this.architecture = Architecture.of(sizes, specs);
    this.layers = Collections.unmodifiableList(ls);
  }

  public static Builder builder(int inputSize) {
    return new Builder(inputSize);
  }

  public Architecture architecture() {
    return architecture;
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return dense[dense.length - 1].outputSize();
  }

  public int denseCount() {
    return dense.length;
  }

  /** Dense layer {@code i} (0-based, counting Dense layers only) with its live parameters. */
  public Dense dense(int i) {
    return dense[Objects.checkIndex(i, dense.length)];
  }

  /** The activation after Dense layer {@code i}. */
  public Activation activation(int i) {
    return activations[Objects.checkIndex(i, dense.length)];
  }

  /** The dropout after Dense layer {@code i}, or {@code null}. */
  public Dropout dropout(int i) {
    return dropouts[Objects.checkIndex(i, dense.length)];
  }

  /** All layers in order (Dense, activation, optional dropout, ...). */
  public List<Layer> layers() {
    return layers;
  }

  public int parameterCount() {
    int n = 0;
    for (Dense d : dense) {
      n = Math.addExact(n, d.parameterCount());
    }
    return n;
  }

  /** Widest Dense output: the scratch floats per row that {@link #forward} needs in each buffer. */
  public int maxWidth() {
    int w = 1;
    for (Dense d : dense) {
      w = Math.max(w, d.outputSize());
    }
    return w;
  }

  /** A deep copy: same architecture, dropouts and parameter values, independent arrays. */
  public Model copy() {
    Dense[] d = new Dense[dense.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = new Dense(dense[i].inputSize(), dense[i].outputSize());
      System.arraycopy(dense[i].weights(), 0, d[i].weights(), 0, d[i].weights().length);
      System.arraycopy(dense[i].bias(), 0, d[i].bias(), 0, d[i].bias().length);
    }
    return new Model(inputSize, d, activations.clone(), dropouts.clone());
  }

  /** Copies all parameters from {@code other}, which must have the same architecture. */
  public void copyParametersFrom(Model other) {
    if (!architecture.equals(other.architecture)) {
      throw new IllegalArgumentException("cannot copy parameters from " + other.architecture + " into "
          + architecture);
    }
    for (int i = 0; i < dense.length; i++) {
      System.arraycopy(other.dense[i].weights(), 0, dense[i].weights(), 0, dense[i].weights().length);
      System.arraycopy(other.dense[i].bias(), 0, dense[i].bias(), 0, dense[i].bias().length);
    }
  }

  /**
   * Inference on {@code rows} samples ({@code in}: {@code rows × inputSize()}, {@code out}:
   * {@code rows × outputSize()}); dropout is the identity. Allocates two scratch buffers per call; use
   * {@link #forward(float[], int, float[], float[], float[], int)} or a {@code Predictor} on hot paths.
   */
  public void forward(float[] in, int rows, float[] out) {
    checkBatch(in, rows, out);
    int n = Math.max(1, Math.multiplyExact(rows, maxWidth()));
    forward(in, rows, out, new float[n], new float[n], Kernels.defaultThreads());
  }

  /**
   * Allocation-free inference with caller-owned scratch buffers of at least {@code rows × maxWidth()}
   * floats each. Computes exactly what the training forward pass computes (same kernels, same order).
   */
  public void forward(float[] in, int rows, float[] out, float[] scratchA, float[] scratchB, int threads) {
    forward(in, rows, null, out, scratchA, scratchB, threads);
  }

  /**
   * {@link #forward(float[], int, float[], float[], float[], int)} that also keeps the output layer's
   * pre-activations in {@code logits} ({@code rows × outputSize()}; {@code null} when not needed), which
   * losses computed from logits read.
   */
  public void forward(float[] in, int rows, float[] logits, float[] out, float[] scratchA, float[] scratchB,
      int threads) {
    checkBatch(in, rows, out);
    if (logits != null && (long) rows * outputSize() > logits.length) {
      throw new IllegalArgumentException("logits has " + logits.length + " floats, expected rows×outputSize = "
          + rows + "×" + outputSize());
    }
    int need = rows * maxWidth();
    if ((scratchA == null || scratchB == null || scratchA.length < need
        || scratchB.length < need)) {
      throw new IllegalArgumentException("scratch buffers must hold rows×maxWidth = " + rows + "×"
          + maxWidth() + " = " + need + " floats");
    }
    if (rows == 0) {
      return;
    }
    int last = dense.length - 1;
    float[] cur = in;
    for (int i = 0; i < last; i++) {
      float[] next = cur == scratchA ? scratchB : scratchA;
      forwardBlock(i, cur, next, next, rows, threads);
      cur = next;
    }
    float[] z = logits != null ? logits : cur == scratchA ? scratchB : scratchA;
    forwardBlock(last, cur, z, out, rows, threads);
  }

  /** The predicted class of one output row: argmax, or {@code a >= 0.5} for a single output. */
  public static int predictedClass(float[] output, int off, int width) {
    if (width == 1) {
      return output[off] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    float max = output[off];
    for (int j = 1; j < width; j++) {
      if (output[off + j] > max) {
        max = output[off + j];
        best = j;
      }
    }
    return best;
  }

  /**
   * Inference through block {@code i}: {@code z = in·Wᵀ + b} into {@code z}, then {@code out = g(z)}
   * ({@code z} may be {@code out} for hidden layers; softmax, which only the output layer may use, always
   * gets a separate {@code z}). No dropout. The shared code path of training and serving.
   */
  public void forwardBlock(int i, float[] in, float[] z, float[] out, int rows, int threads) {
    Dense d = dense[i];
    d.forward(in, z, rows, threads);
    activations[i].forward(z, out, rows, d.outputSize());
  }

  void checkBatch(float[] in, int rows, float[] out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    if (rows < 0) {
      throw new IllegalArgumentException("rows=" + rows + ": expected >= 0");
    }
    if ((long) rows * inputSize > in.length) {
      throw new IllegalArgumentException("input has " + in.length + " floats, expected rows×inputSize = "
          + rows + "×" + inputSize + " = " + (long) rows * inputSize);
    }
    if ((long) rows * outputSize() > out.length) {
      throw new IllegalArgumentException("output has " + out.length + " floats, expected rows×outputSize = "
          + rows + "×" + outputSize() + " = " + (long) rows * outputSize());
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Model[").append(inputSize);
    for (Layer l : layers) {
      sb.append(" → ").append(l.describe());
    }
    return sb.append(", ").append(parameterCount()).append(" parameters]").toString();
  }

  /** Builds a {@link Model}; each {@code dense} call appends a block. */
  public static final class Builder {
    private final int inputSize;
    private final List<int[]> units = new ArrayList<>();
    private final List<Activation> acts = new ArrayList<>();
    private final List<Initializer> inits = new ArrayList<>();
    private final List<float[]> dropoutRates = new ArrayList<>();
    private Initializer initializer;

    private Builder(int inputSize) {
      if (inputSize < 1) {
        throw new IllegalArgumentException("inputSize=" + inputSize + ": expected >= 1");
      }
      this.inputSize = inputSize;
    }

    /** Appends a Dense layer of {@code units} outputs followed by {@code activation}. */
    public Builder dense(int units, Activation activation) {
      return dense(units, activation, null);
    }

    /** Same with an explicit initializer for this layer's weights ({@code null}: the default). */
    public Builder dense(int units, Activation activation, Initializer init) {
      if (units < 1) {
        throw new IllegalArgumentException("Dense layer " + acts.size() + ": units=" + units + ", expected >= 1");
      }
      units(units);
      acts.add(Objects.requireNonNull(activation, "activation"));
      inits.add(init);
      dropoutRates.add(null);
      return this;
    }

    private void units(int u) {
      units.add(new int[] {u});
    }

    /**
     * Dropout with {@code rate} after the most recent Dense block (training only). Must be followed by
     * another Dense layer: the model output is never dropped.
     */
    public Builder dropout(float rate) {
      if (acts.isEmpty()) {
        throw new IllegalArgumentException("dropout must follow a Dense layer");
      }
      if (!(rate >= 0f && rate < 1f)) {
        throw new IllegalArgumentException("dropout rate=" + rate + ": expected 0 <= rate < 1");
      }
      if (dropoutRates.get(acts.size() - 1) != null) {
        throw new IllegalArgumentException("Dense layer " + (acts.size() - 1) + " already has a dropout");
      }
      dropoutRates.set(acts.size() - 1, new float[] {rate});
      return this;
    }

    /** Initializer for every layer without its own ({@code null}: He for ReLU family, Xavier otherwise). */
    public Builder initializer(Initializer init) {
      this.initializer = init;
      return this;
    }

    /**
     * Creates the model; weights come from {@code seed} (layer {@code i} uses the {@code i}-th split of a
     * {@link SplittableRandom}), biases are zero, dropout masks derive from {@code seed} too.
     */
    public Model build(long seed) {
      if (acts.isEmpty()) {
        throw new IllegalArgumentException("a model needs at least one Dense layer");
      }
      int n = acts.size();
      if (dropoutRates.get(n - 1) != null) {
        throw new IllegalArgumentException("dropout after the last Dense layer (the model output) is not allowed");
      }
      Dense[] d = new Dense[n];
      Dropout[] drop = new Dropout[n];
      SplittableRandom root = new SplittableRandom(seed);
      int in = inputSize;
      for (int i = 0; i < n; i++) {
        int out = units.get(i)[0];
        d[i] = new Dense(in, out);
        Initializer init = inits.get(i) != null ? inits.get(i)
            : initializer != null ? initializer : Initializer.defaultFor(acts.get(i));
        init.initialize(d[i].weights(), in, out, root.split());
        if (dropoutRates.get(i) != null) {
          drop[i] = new Dropout(out, dropoutRates.get(i)[0], seed ^ 0x5DEECE66DL * (i + 1));
        }
        in = out;
      }
      return new Model(inputSize, d, acts.toArray(new Activation[0]), drop);
    }

    @Override
    public String toString() {
      return "Model.Builder[" + inputSize + ", " + Arrays.toString(acts.toArray()) + "]";
    }
  }
}
