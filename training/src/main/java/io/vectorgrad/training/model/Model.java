package io.vectorgrad.training.model;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.layers.Block;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.layers.DenseBlock;
import io.vectorgrad.training.layers.Dropout;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Normalization;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.layers.Residual;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A sequential model: a list of {@link Block}s (Dense layers with their activation and dropout, residual
 * blocks, LayerNorm, BatchNorm), the last a Dense layer. Built with {@link #builder(int)}:
 * <pre>
 *   Model m = Model.builder(784).dense(256, RELU).residual(32, NormKind.LAYER).dense(10, SOFTMAX).build(42);
 * </pre>
 * Optimizers, clipping, model files and the gradient check see only {@link #parameters()} (and
 * {@link #state()}); the backward-pass SPI sees only {@link #blocks()}. The parameter arrays are live:
 * optimizers update them in place. A model is not thread-safe while it trains; for concurrent inference use
 * {@code io.vectorgrad.training.serve.Predictor}.
 */
public final class Model {
  private final int inputSize;
  private final Block[] blocks;
  private final List<Block> blockList;
  private final Architecture architecture;
  private final List<Parameter> parameters;
  private final List<Parameter> state;
  private final List<Parameter> tensors;
  private final Dense[] dense;
  private final Activation[] denseActivations;

  private Model(int inputSize, Block[] blocks, Architecture architecture) {
    this.inputSize = inputSize;
    this.blocks = blocks;
    this.blockList = Collections.unmodifiableList(Arrays.asList(blocks));
    this.architecture = architecture;
    if (!(blocks[blocks.length - 1] instanceof DenseBlock)) {
      throw new IllegalArgumentException("the last block must be a Dense layer (the loss reads its logits)");
    }
    List<Parameter> ps = new ArrayList<>();
    List<Parameter> st = new ArrayList<>();
    List<Parameter> all = new ArrayList<>();
    List<Dense> ds = new ArrayList<>();
    List<Activation> acts = new ArrayList<>();
    int width = inputSize;
    for (Block b : blocks) {
      if (b.inputWidth() != width) {
        throw new IllegalArgumentException(b.describe() + " takes " + b.inputWidth() + " inputs, the previous block gives "
            + width);
      }
      width = b.outputWidth();
      ps.addAll(b.parameters());
      st.addAll(b.state());
      all.addAll(b.parameters());
      all.addAll(b.state());
      for (Dense d : b.denseLayers()) {
        ds.add(d);
        acts.add(b instanceof DenseBlock ? ((DenseBlock) b).activation()
            : b instanceof Residual && d == ((Residual) b).fc1() ? ((Residual) b).activation() : Activation.LINEAR);
      }
    }
    this.parameters = Collections.unmodifiableList(ps);
    this.state = Collections.unmodifiableList(st);
    this.tensors = Collections.unmodifiableList(all);
    this.dense = ds.toArray(new Dense[0]);
    this.denseActivations = acts.toArray(new Activation[0]);
  }

  public static Builder builder(int inputSize) {
    return new Builder(inputSize);
  }

  /**
   * A model of caller-made blocks (for a new block type: one {@link Block} class plus its tests); the last
   * must be a {@link DenseBlock}. Such a model trains, checkpoints and gradient-checks like any other, but has
   * no {@link #architecture()} and so no model file unless its blocks are the builder's.
   */
  public static Model of(int inputSize, List<Block> blocks) {
    if (inputSize < 1 || blocks == null || blocks.isEmpty()) {
      throw new IllegalArgumentException("a model needs an input size >= 1 and at least one block");
    }
    return new Model(inputSize, blocks.toArray(new Block[0]), null);
  }

  /**
   * The model's shape, as model files store it.
   *
   * @throws IllegalStateException for a model made by {@link #of} from custom blocks
   */
  public Architecture architecture() {
    if (architecture == null) {
      throw new IllegalStateException("this model was made from custom blocks and has no architecture");
    }
    return architecture;
  }

  public int inputSize() {
    return inputSize;
  }

  public int outputSize() {
    return blocks[blocks.length - 1].outputWidth();
  }

  /** The blocks in order; the last is a {@link DenseBlock}. */
  public List<Block> blocks() {
    return blockList;
  }

  public int blockCount() {
    return blocks.length;
  }

  public Block block(int i) {
    return blocks[Objects.checkIndex(i, blocks.length)];
  }

  /** Trainable tensors of all blocks, in block order: what optimizers and clipping update. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Non-trainable tensors (BatchNorm running statistics), in block order. */
  public List<Parameter> state() {
    return state;
  }

  /** Every tensor a model file holds: each block's parameters then its state, in block order. */
  public List<Parameter> tensors() {
    return tensors;
  }

  /** Number of Dense layers in all blocks (a residual block has two or three). */
  public int denseCount() {
    return dense.length;
  }

  /** Dense layer {@code i} (0-based, counting Dense layers in block order) with its live parameters. */
  public Dense dense(int i) {
    return dense[Objects.checkIndex(i, dense.length)];
  }

  /** The activation applied to Dense layer {@code i}'s output ({@code linear} inside a residual sum). */
  public Activation activation(int i) {
    return denseActivations[Objects.checkIndex(i, dense.length)];
  }

  /** The output block's activation, which the loss must fit. */
  public Activation outputActivation() {
    return ((DenseBlock) blocks[blocks.length - 1]).activation();
  }

  public int parameterCount() {
    int n = 0;
    for (Parameter p : parameters) {
      n = Math.addExact(n, p.size());
    }
    return n;
  }

  /**
   * Floats per row each scratch buffer of {@link #forward} needs: the widest block output together with what
   * that block keeps for backward ({@code outputWidth + savedWidth}).
   */
  public int maxWidth() {
    int w = 1;
    for (Block b : blocks) {
      w = Math.max(w, Math.addExact(b.outputWidth(), b.savedWidth()));
    }
    return w;
  }

  /** Floats per row of the shared backward scratch the blocks need. */
  public int scratchWidth() {
    int w = 0;
    for (Block b : blocks) {
      w = Math.max(w, b.scratchWidth());
    }
    return w;
  }

  /** A deep copy: same architecture, dropouts, parameter and state values, independent arrays. */
  public Model copy() {
    Block[] b = new Block[blocks.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = blocks[i].copy();
    }
    return new Model(inputSize, b, architecture);
  }

  /** Copies all parameters and state from {@code other}, which must have the same architecture. */
  public void copyParametersFrom(Model other) {
    boolean same = architecture != null ? architecture.equals(other.architecture)
        : other.tensors.size() == tensors.size();
    for (int i = 0; same && i < tensors.size(); i++) {
      same = Arrays.equals(tensors.get(i).shape(), other.tensors.get(i).shape());
    }
    if (!same) {
      throw new IllegalArgumentException("cannot copy parameters from " + other + " into " + this);
    }
    for (int i = 0; i < tensors.size(); i++) {
      float[] src = other.tensors.get(i).values();
      System.arraycopy(src, 0, tensors.get(i).values(), 0, src.length);
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
   * floats each. Computes exactly what the training forward pass computes (same blocks, same kernels, same
   * order), with dropout off and BatchNorm on its running statistics.
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
    int last = blocks.length - 1;
    float[] cur = in;
    for (int i = 0; i < last; i++) {
      float[] next = cur == scratchA ? scratchB : scratchA;
      blocks[i].forward(cur, next, null, rows, threads, null);
      cur = next;
    }
    float[] z = logits != null ? logits : cur == scratchA ? scratchB : scratchA;
    blocks[last].forward(cur, out, z, rows, threads, null);
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
    for (Block b : blocks) {
      sb.append(" → ").append(b.describe());
    }
    return sb.append(", ").append(parameterCount()).append(" parameters]").toString();
  }

  /**
   * Builds a {@link Model}: each call appends a block. Block {@code i}'s tensors are named
   * {@code layers.{i}.…}, so a plain Dense chain has PyTorch's {@code nn.Sequential} of {@code nn.Linear}
   * names {@code layers.{i}.weight} and {@code layers.{i}.bias}.
   */
  public static final class Builder {
    private final int inputSize;
    private final List<BlockSpec> specs = new ArrayList<>();
    private final List<Initializer> inits = new ArrayList<>();
    private final List<Float> dropoutRates = new ArrayList<>();
    private Initializer initializer;

    private Builder(int inputSize) {
      if (inputSize < 1) {
        throw new IllegalArgumentException("inputSize=" + inputSize + ": expected >= 1");
      }
      this.inputSize = inputSize;
    }

    private int width() {
      return specs.isEmpty() ? inputSize : specs.get(specs.size() - 1).units();
    }

    /** Appends a Dense layer of {@code units} outputs followed by {@code activation}. */
    public Builder dense(int units, Activation activation) {
      return dense(units, activation, null);
    }

    /** Same with an explicit initializer for this layer's weights ({@code null}: the default). */
    public Builder dense(int units, Activation activation, Initializer init) {
      if (units < 1) {
        throw new IllegalArgumentException("Dense layer " + specs.size() + ": units=" + units + ", expected >= 1");
      }
      return add(BlockSpec.dense(units, Objects.requireNonNull(activation, "activation")), init);
    }

    /**
     * Appends {@code count} pre-norm residual blocks {@code x + fc2(g(fc1(norm(x))))} of the current width
     * (hidden width the same), with the activation {@code g} of the most recent Dense or residual block.
     */
    public Builder residual(int count, NormKind norm) {
      Activation act = Activation.RELU;
      for (int i = specs.size() - 1; i >= 0; i--) {
        if (specs.get(i).kind() != Architecture.Kind.LAYER_NORM && specs.get(i).kind() != Architecture.Kind.BATCH_NORM) {
          act = specs.get(i).activation();
          break;
        }
      }
      return residual(count, norm, act, width());
    }

    /** {@code count} residual blocks with an explicit activation and hidden width, output width unchanged. */
    public Builder residual(int count, NormKind norm, Activation activation, int hidden) {
      if (count < 0) {
        throw new IllegalArgumentException("residual blocks=" + count + ": expected >= 0");
      }
      if (hidden < 1) {
        throw new IllegalArgumentException("residual hidden width=" + hidden + ": expected >= 1");
      }
      for (int i = 0; i < count; i++) {
        add(BlockSpec.residual(width(), hidden, Objects.requireNonNull(norm, "norm"),
            Objects.requireNonNull(activation, "activation")), null);
      }
      return this;
    }

    /** Appends a LayerNorm block over the current width. */
    public Builder layerNorm() {
      return add(BlockSpec.norm(NormKind.LAYER, width()), null);
    }

    /** Appends a BatchNorm block over the current width. */
    public Builder batchNorm() {
      return add(BlockSpec.norm(NormKind.BATCH, width()), null);
    }

    /** Appends the block {@code spec} describes (how {@link Architecture#newModel} builds). */
    public Builder block(BlockSpec spec) {
      return add(Objects.requireNonNull(spec, "spec"), null);
    }

    private Builder add(BlockSpec spec, Initializer init) {
      specs.add(spec);
      inits.add(init);
      dropoutRates.add(null);
      return this;
    }

    /**
     * Dropout with {@code rate} after the most recent Dense block (training only). Must be followed by
     * another block: the model output is never dropped.
     */
    public Builder dropout(float rate) {
      if (specs.isEmpty() || specs.get(specs.size() - 1).kind() != Architecture.Kind.DENSE) {
        throw new IllegalArgumentException("dropout must follow a Dense layer");
      }
      if (!(rate >= 0f && rate < 1f)) {
        throw new IllegalArgumentException("dropout rate=" + rate + ": expected 0 <= rate < 1");
      }
      if (dropoutRates.get(specs.size() - 1) != null) {
        throw new IllegalArgumentException("Dense layer " + (specs.size() - 1) + " already has a dropout");
      }
      dropoutRates.set(specs.size() - 1, rate);
      return this;
    }

    /** Initializer for every layer without its own ({@code null}: He for ReLU family, Xavier otherwise). */
    public Builder initializer(Initializer init) {
      this.initializer = init;
      return this;
    }

    /** The architecture built so far. */
    public Architecture architecture() {
      return new Architecture(inputSize, specs);
    }

    /**
     * Creates the model; Dense weights come from {@code seed} (the {@code k}-th Dense layer to be initialised
     * uses the {@code k}-th split of a {@link SplittableRandom}), biases are zero, residual branches end in
     * a zero {@code fc2}, norms start at γ = 1, β = 0; dropout masks derive from {@code seed} too.
     */
    public Model build(long seed) {
      if (specs.isEmpty()) {
        throw new IllegalArgumentException("a model needs at least one Dense layer");
      }
      int n = specs.size();
      if (dropoutRates.get(n - 1) != null) {
        throw new IllegalArgumentException("dropout after the last Dense layer (the model output) is not allowed");
      }
      Architecture arch = architecture();
      Block[] blocks = new Block[n];
      SplittableRandom root = new SplittableRandom(seed);
      int in = inputSize;
      for (int i = 0; i < n; i++) {
        BlockSpec s = specs.get(i);
        String prefix = "layers." + i;
        int out = s.units();
        switch (s.kind()) {
          case DENSE: {
            Dense d = new Dense(prefix, in, out);
            initializerFor(inits.get(i), s.activation()).initialize(d.weights(), in, out, root.split());
            Dropout drop = dropoutRates.get(i) == null ? null
                : new Dropout(out, dropoutRates.get(i), seed ^ 0x5DEECE66DL * (i + 1));
            blocks[i] = new DenseBlock(d, s.activation(), drop);
            break;
          }
          case RESIDUAL: {
            Residual r = new Residual(prefix, in, s.hidden(), out, s.norm(), s.activation());
            initializerFor(null, s.activation()).initialize(r.fc1().weights(), in, s.hidden(), root.split());
            if (r.projection() != null) {
              initializerFor(null, Activation.LINEAR).initialize(r.projection().weights(), in, out, root.split());
            }
            blocks[i] = r;
            break;
          }
          default: {
            Normalization norm = (s.kind() == Architecture.Kind.LAYER_NORM ? NormKind.LAYER : NormKind.BATCH)
                .create(prefix, in);
            blocks[i] = norm;
          }
        }
        in = out;
      }
      return new Model(inputSize, blocks, arch);
    }

    private Initializer initializerFor(Initializer own, Activation activation) {
      return own != null ? own : initializer != null ? initializer : Initializer.defaultFor(activation);
    }

    @Override
    public String toString() {
      return "Model.Builder[" + inputSize + ", " + specs + "]";
    }
  }
}
