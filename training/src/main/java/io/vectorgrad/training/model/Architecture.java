package io.vectorgrad.training.model;

import io.vectorgrad.training.json.Json;
import io.vectorgrad.training.layers.NormKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a sequential model: the input width and one {@link BlockSpec} per block. This is what a model
 * file stores as {@code vectorgrad.architecture}; dropout and initialisation are training-time settings and
 * not part of it. Immutable.
 *
 * <p>Two JSON forms, both read by {@link #fromJson}:
 * <ul>
 *   <li>format 1, plain Dense chains (and still written for them, so files stay readable by older
 *       versions): {@code {"layers":[784,256,10],"activations":["relu","softmax"]}};</li>
 *   <li>format 2, any blocks: {@code {"version":2,"input":784,"blocks":[{"type":"dense","units":256,
 *       "activation":"relu"},{"type":"residual","units":256,"hidden":256,"norm":"layer","activation":"relu"},
 *       {"type":"layernorm"},{"type":"batchnorm"},{"type":"dense","units":10,"activation":"softmax"}]}}.</li>
 * </ul>
 */
public final class Architecture {
  /** The current JSON format version. */
  public static final int VERSION = 2;

  /** Block types: the one list used by the JSON, the builder and the docs. */
  public enum Kind {
    DENSE("dense"), RESIDUAL("residual"), LAYER_NORM("layernorm"), BATCH_NORM("batchnorm");

    private final String spec;

    Kind(String spec) {
      this.spec = spec;
    }

    public String spec() {
      return spec;
    }

    static Kind fromSpec(String s) {
      for (Kind k : values()) {
        if (k.spec.equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown block type '" + s + "': expected one of "
          + java.util.Arrays.stream(values()).map(Kind::spec).collect(java.util.stream.Collectors.joining(", ")));
    }
  }

  /**
   * One block: {@code units} is its output width (for norms: the width they keep), {@code hidden} the
   * residual branch's hidden width (0 otherwise), {@code activation} the Dense/residual activation
   * ({@code LINEAR} for norms), {@code norm} the residual branch's norm ({@code NONE} otherwise).
   */
  public record BlockSpec(Kind kind, int units, int hidden, Activation activation, NormKind norm) {
    public BlockSpec {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(activation, "activation");
      Objects.requireNonNull(norm, "norm");
    }

    public static BlockSpec dense(int units, Activation activation) {
      return new BlockSpec(Kind.DENSE, units, 0, activation, NormKind.NONE);
    }

    public static BlockSpec residual(int units, int hidden, NormKind norm, Activation activation) {
      return new BlockSpec(Kind.RESIDUAL, units, hidden, activation, norm);
    }

    public static BlockSpec norm(NormKind kind, int width) {
      if (kind == NormKind.NONE) {
        throw new IllegalArgumentException("a norm block needs norm layer or batch, not none");
      }
      return new BlockSpec(kind == NormKind.LAYER ? Kind.LAYER_NORM : Kind.BATCH_NORM, width, 0, Activation.LINEAR,
          NormKind.NONE);
    }

    String toJson() {
      switch (kind) {
        case DENSE:
          return "{\"type\":\"dense\",\"units\":" + units + ",\"activation\":\"" + activation.spec() + "\"}";
        case RESIDUAL:
          return "{\"type\":\"residual\",\"units\":" + units + ",\"hidden\":" + hidden + ",\"norm\":\"" + norm.spec()
              + "\",\"activation\":\"" + activation.spec() + "\"}";
        default:
          return "{\"type\":\"" + kind.spec() + "\"}";
      }
    }
  }

  private final int inputSize;
  private final List<BlockSpec> blocks;

  /** Format 1: validates and copies; activations are spec strings (see {@link Activation#spec()}). */
  public Architecture(int[] layerSizes, List<String> activations) {
    this(inputOf(layerSizes), denseSpecs(layerSizes, activations));
  }

  /** Any blocks, input width first; validates. */
  public Architecture(int inputSize, List<BlockSpec> blocks) {
    if (inputSize < 1) {
      throw new IllegalArgumentException("input size " + inputSize + ": expected >= 1");
    }
    if (blocks == null || blocks.isEmpty()) {
      throw new IllegalArgumentException("architecture needs at least one block (a model needs at least one Dense layer)");
    }
    int in = inputSize;
    for (int i = 0; i < blocks.size(); i++) {
      BlockSpec b = Objects.requireNonNull(blocks.get(i), "block " + i);
      boolean last = i == blocks.size() - 1;
      switch (b.kind()) {
        case DENSE:
          checkUnits(i, b.units());
          checkWeights(i, in, b.units());
          if (b.activation() == Activation.SOFTMAX && !last) {
            throw new IllegalArgumentException("softmax is only supported as the output activation, but block " + i
                + " of " + blocks.size() + " uses it");
          }
          in = b.units();
          break;
        case RESIDUAL:
          checkUnits(i, b.units());
          checkUnits(i, b.hidden());
          checkWeights(i, in, b.hidden());
          checkWeights(i, b.hidden(), b.units());
          if (b.activation() == Activation.SOFTMAX) {
            throw new IllegalArgumentException("block " + i + ": softmax is not allowed inside a residual block");
          }
          in = b.units();
          break;
        default:
          if (b.units() != in) {
            throw new IllegalArgumentException("block " + i + " (" + b.kind().spec() + ") has width " + b.units()
                + " but its input has " + in);
          }
      }
      if (last && b.kind() != Kind.DENSE) {
        throw new IllegalArgumentException("the last block must be a Dense layer (the loss reads its logits), got "
            + b.kind().spec());
      }
    }
    this.inputSize = inputSize;
    this.blocks = List.copyOf(blocks);
  }

  private static int inputOf(int[] layerSizes) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException("architecture needs at least 2 layer sizes (input and output), got "
          + (layerSizes == null ? "null" : Arrays.toString(layerSizes)));
    }
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] < 1) {
        throw new IllegalArgumentException("layer size " + layerSizes[i] + " at index " + i + " of "
            + Arrays.toString(layerSizes) + ": expected >= 1");
      }
    }
    return layerSizes[0];
  }

  private static List<BlockSpec> denseSpecs(int[] layerSizes, List<String> activations) {
    if (activations == null || activations.size() != layerSizes.length - 1) {
      throw new IllegalArgumentException("architecture " + Arrays.toString(layerSizes) + " has "
          + (layerSizes.length - 1) + " Dense layers but " + (activations == null ? "no" : activations.size())
          + " activations: expected one per Dense layer");
    }
    List<BlockSpec> specs = new ArrayList<>();
    for (int i = 0; i + 1 < layerSizes.length; i++) {
      Activation a = Activation.fromSpec(activations.get(i));
      if (a == Activation.SOFTMAX && i + 2 < layerSizes.length) {
        throw new IllegalArgumentException("softmax is only supported as the output activation, but Dense layer "
            + i + " of " + layerSizes.length + " boundaries uses it");
      }
      specs.add(BlockSpec.dense(layerSizes[i + 1], a));
    }
    return specs;
  }

  private static void checkUnits(int i, int units) {
    if (units < 1) {
      throw new IllegalArgumentException("block " + i + ": width " + units + ", expected >= 1");
    }
  }

  private static void checkWeights(int i, int in, int out) {
    long params = (long) in * out;
    if (params > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("Dense layer " + i + " (" + in + "→" + out + ") has " + params
          + " weights, more than a Java array holds");
    }
  }

  /** Convenience: {@code of(new int[] {784, 256, 10}, "relu", "softmax")}. */
  public static Architecture of(int[] layerSizes, String... activations) {
    return new Architecture(layerSizes, Arrays.asList(activations));
  }

  public int inputSize() {
    return inputSize;
  }

  public List<BlockSpec> blocks() {
    return blocks;
  }

  /** Whether every block is Dense (then {@link #toJson()} writes format 1). */
  public boolean isPlainDense() {
    for (BlockSpec b : blocks) {
      if (b.kind() != Kind.DENSE) {
        return false;
      }
    }
    return true;
  }

  /** Boundary widths, input first: the input and each block's output (a copy). */
  public int[] layerSizes() {
    int[] s = new int[blocks.size() + 1];
    s[0] = inputSize;
    for (int i = 0; i < blocks.size(); i++) {
      s[i + 1] = blocks.get(i).units();
    }
    return s;
  }

  /** Activation specs, one per block ({@code linear} for norm blocks). */
  public List<String> activations() {
    List<String> a = new ArrayList<>();
    for (BlockSpec b : blocks) {
      a.add(b.activation().spec());
    }
    return Collections.unmodifiableList(a);
  }

  /** Number of blocks. */
  public int blockCount() {
    return blocks.size();
  }

  /** The activation of block {@code i}. */
  public Activation activation(int block) {
    return blocks.get(block).activation();
  }

  /**
   * A lower bound of the floats this architecture's tensors hold (its weight matrices; biases, norms and
   * projections add more), computed without allocating: a file whose tensors hold fewer cannot match it,
   * so loaders check this before {@link #newModel} allocates anything.
   */
  public long minimumTensorFloats() {
    long n = 0;
    int in = inputSize;
    for (BlockSpec b : blocks) {
      if (b.kind() == Kind.DENSE) {
        n += (long) in * b.units();
      } else if (b.kind() == Kind.RESIDUAL) {
        n += (long) in * b.hidden() + (long) b.hidden() * b.units();
      }
      in = b.units();
    }
    return n;
  }

  /** A new model of this shape with default initialisation from {@code seed}. */
  public Model newModel(long seed) {
    Model.Builder b = Model.builder(inputSize);
    for (BlockSpec s : blocks) {
      b.block(s);
    }
    return b.build(seed);
  }

  /** Format 1 ({@code {"layers":[...],"activations":[...]}}) for plain Dense chains, format 2 otherwise. */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    if (isPlainDense()) {
      int[] sizes = layerSizes();
      sb.append("{\"layers\":[");
      for (int i = 0; i < sizes.length; i++) {
        sb.append(i == 0 ? "" : ",").append(sizes[i]);
      }
      sb.append("],\"activations\":[");
      List<String> acts = activations();
      for (int i = 0; i < acts.size(); i++) {
        sb.append(i == 0 ? "" : ",").append('"').append(acts.get(i)).append('"');
      }
      return sb.append("]}").toString();
    }
    sb.append("{\"version\":").append(VERSION).append(",\"input\":").append(inputSize).append(",\"blocks\":[");
    for (int i = 0; i < blocks.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(blocks.get(i).toJson());
    }
    return sb.append("]}").toString();
  }

  /**
   * Parses and validates either format (any key order and whitespace; unknown keys are rejected so that a
   * typo is not silently ignored; a version above {@value #VERSION} is refused). Parsing is the strict
   * {@link Json} parser's.
   */
  public static Architecture fromJson(String json) {
    if (json == null) {
      throw new IllegalArgumentException("architecture JSON is null");
    }
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw bad(json, e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw bad(json, "expected an object with \"layers\" and \"activations\", or \"version\", \"input\" and \"blocks\"");
    }
    Map<?, ?> map = (Map<?, ?>) parsed;
    if (map.containsKey("version")) {
      return fromVersioned(map, json);
    }
    for (Object key : map.keySet()) {
      if (!key.equals("layers") && !key.equals("activations")) {
        throw bad(json, "unknown key \"" + key + "\" (expected \"layers\" and \"activations\")");
      }
    }
    Object layers = map.get("layers");
    Object acts = map.get("activations");
    if (layers == null || acts == null) {
      throw new IllegalArgumentException("architecture JSON " + abbreviate(json) + " lacks "
          + (layers == null ? "\"layers\"" : "\"activations\""));
    }
    return new Architecture(layerSizes(layers, json), strings(acts, "activations", json));
  }

  private static Architecture fromVersioned(Map<?, ?> map, String json) {
    keys(map, Set.of("version", "input", "blocks"), json);
    int version = integer(map.get("version"), "version", json);
    if (version < 2 || version > VERSION) {
      throw bad(json, "format version " + version + " is not supported: \"version\" is written by format 2 (and later);"
          + " format 1 has no version key");
    }
    Object blocks = map.get("blocks");
    if (!(blocks instanceof List)) {
      throw bad(json, "\"blocks\" must be an array of objects");
    }
    int input = integer(map.get("input"), "input", json);
    List<BlockSpec> specs = new ArrayList<>();
    int width = input;
    for (Object o : (List<?>) blocks) {
      if (!(o instanceof Map)) {
        throw bad(json, "each block must be an object, found " + o);
      }
      Map<?, ?> b = (Map<?, ?>) o;
      Object type = b.get("type");
      if (!(type instanceof String)) {
        throw bad(json, "each block needs a \"type\" string");
      }
      Kind kind;
      try {
        kind = Kind.fromSpec((String) type);
      } catch (IllegalArgumentException e) {
        throw bad(json, e.getMessage());
      }
      BlockSpec spec;
      try {
        switch (kind) {
          case DENSE:
            keys(b, Set.of("type", "units", "activation"), json);
            spec = BlockSpec.dense(integer(b.get("units"), "units", json), activation(b, json));
            break;
          case RESIDUAL:
            keys(b, Set.of("type", "units", "hidden", "norm", "activation"), json);
            spec = BlockSpec.residual(integer(b.get("units"), "units", json),
                integer(b.get("hidden"), "hidden", json), NormKind.fromSpec(string(b.get("norm"), "norm", json)),
                activation(b, json));
            break;
          default:
            keys(b, Set.of("type"), json);
            spec = BlockSpec.norm(kind == Kind.LAYER_NORM ? NormKind.LAYER : NormKind.BATCH, width);
        }
      } catch (IllegalArgumentException e) {
        throw e.getMessage().startsWith("bad architecture JSON") ? e : bad(json, e.getMessage());
      }
      specs.add(spec);
      width = spec.units();
    }
    return new Architecture(input, specs);
  }

  private static Activation activation(Map<?, ?> b, String json) {
    return Activation.fromSpec(string(b.get("activation"), "activation", json));
  }

  private static void keys(Map<?, ?> map, Set<String> allowed, String json) {
    for (Object key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw bad(json, "unknown key \"" + key + "\" (expected " + String.join(", ", new java.util.TreeSet<>(allowed))
            + ")");
      }
    }
  }

  private static int integer(Object x, String what, String json) {
    if (!(x instanceof BigInteger)) {
      throw bad(json, "\"" + what + "\" must be an integer, found " + x);
    }
    try {
      return ((BigInteger) x).intValueExact();
    } catch (ArithmeticException e) {
      throw bad(json, "\"" + what + "\" " + x + " is not a Java integer");
    }
  }

  private static String string(Object x, String what, String json) {
    if (!(x instanceof String)) {
      throw bad(json, "\"" + what + "\" must be a string, found " + x);
    }
    return (String) x;
  }

  private static int[] layerSizes(Object value, String json) {
    if (!(value instanceof List)) {
      throw bad(json, "\"layers\" must be an array of integers");
    }
    List<?> list = (List<?>) value;
    int[] sizes = new int[list.size()];
    for (int i = 0; i < sizes.length; i++) {
      Object x = list.get(i);
      if (!(x instanceof BigInteger)) {
        throw bad(json, "layer sizes must be integers, found " + x);
      }
      try {
        sizes[i] = ((BigInteger) x).intValueExact();
      } catch (ArithmeticException e) {
        throw bad(json, "layer size " + x + " is not a Java integer");
      }
    }
    return sizes;
  }

  private static List<String> strings(Object value, String what, String json) {
    if (!(value instanceof List)) {
      throw bad(json, "\"" + what + "\" must be an array of strings");
    }
    List<String> specs = new ArrayList<>();
    for (Object x : (List<?>) value) {
      if (!(x instanceof String)) {
        throw bad(json, what + " must be strings, found " + x);
      }
      specs.add((String) x);
    }
    return specs;
  }

  private static IllegalArgumentException bad(String json, String what) {
    return new IllegalArgumentException("bad architecture JSON " + abbreviate(json) + ": " + what);
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? "'" + s + "'" : "'" + s.substring(0, 117) + "...'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture && inputSize == ((Architecture) o).inputSize
        && blocks.equals(((Architecture) o).blocks);
  }

  @Override
  public int hashCode() {
    return inputSize * 31 + blocks.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
