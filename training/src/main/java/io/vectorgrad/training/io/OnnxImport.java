package io.vectorgrad.training.io;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Normalization;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import io.vectorgrad.training.model.Model;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model into a {@link Model} when its graph is a network vectorgrad represents, as
 * {@code torch.onnx.export} writes them: from the one data input, a chain of {@code Gemm} (or
 * {@code MatMul} + {@code Add}) with an optional activation ({@code Relu}, {@code LeakyRelu} with alpha
 * 0.01, {@code Sigmoid}, {@code Tanh}, {@code Softmax} or {@code LogSoftmax} over the last axis, the latter
 * two at the output; LogSoftmax is read as softmax: the same predictions, probabilities instead of their
 * logarithms), {@code LayerNormalization} or its opset-13 decomposition ({@code ReduceMean}, {@code Sub},
 * {@code Pow}, {@code ReduceMean}, {@code Add} ε, {@code Sqrt}, {@code Div}, {@code Mul} γ, {@code Add} β),
 * {@code BatchNormalization} (ε = 1e-5, inference), residual
 * blocks ({@code Add} of the input, or its projection {@code Gemm}, and a branch of optional norm,
 * {@code Gemm}, activation, {@code Gemm}), and {@code Identity}, {@code Dropout} and {@code Flatten}, which
 * do nothing at inference on a {@code [batch, features]} input. Anything else is refused with the node's
 * name, its op type and this list.
 *
 * <p>Hostile files: every length is bounded by the bytes left in its message ({@link Protobuf.Reader}),
 * tensors are allocated only after their element count is checked against the bytes that hold them, the
 * graph walk visits each node at most once (a cycle or a node used twice is an error), and a missing
 * initializer is named.
 */
final class OnnxImport {
  static final String SUPPORTED = "Gemm, MatMul+Add, Relu, LeakyRelu(alpha=0.01), Sigmoid, Tanh, Softmax, LogSoftmax,"
      + " LayerNormalization (or its opset-13 decomposition), BatchNormalization, Add (residual), Identity, Dropout,"
      + " Flatten";
  /** Most nodes a graph may hold. */
  static final int MAX_NODES = 1 << 20;

  private final String source;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Init> inits = new HashMap<>();
  private final List<String[]> inputs = new ArrayList<>(); // name, then dims (or "?")
  private final List<String> outputs = new ArrayList<>();
  private final Map<String, List<Node>> consumers = new HashMap<>();
  private final Set<Node> used = new HashSet<>();
  private final List<BlockSpec> specs = new ArrayList<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();

  private OnnxImport(String source) {
    this.source = source;
  }

  private static final class Node {
    String name = "";
    String op = "";
    String domain = "";
    final List<String> in = new ArrayList<>();
    final List<String> out = new ArrayList<>();
    final Map<String, Attr> attrs = new HashMap<>();

    String describe() {
      return "node '" + name + "' (" + op + ")";
    }
  }

  private static final class Attr {
    Float f;
    Long i;
    Init t;
    List<Long> ints;
  }

  /** An initializer or constant: its dims and elements as float. */
  private static final class Init {
    String name = "";
    long[] dims = new long[0];
    float[] data;
  }

  static Model read(byte[] bytes, String source) throws ModelFileException {
    OnnxImport im = new OnnxImport(source);
    im.parseModel(new Protobuf.Reader(bytes, 0, bytes.length, source));
    return im.build();
  }

  private ModelFileException error(String what) {
    return new ModelFileException(source + ": " + what);
  }

  // ---- parsing ----

  private void parseModel(Protobuf.Reader r) throws ModelFileException {
    boolean graph = false;
    while (r.next()) {
      if (r.field == 7 && r.wireType == Protobuf.LENGTH_DELIMITED) {
        parseGraph(r.message());
        graph = true;
      } else if (r.field == 8 && r.wireType == Protobuf.LENGTH_DELIMITED) {
        Protobuf.Reader o = r.message();
        String domain = "";
        while (o.next()) {
          if (o.field == 1 && o.wireType == Protobuf.LENGTH_DELIMITED) {
            domain = o.string();
          } else {
            o.skip();
          }
        }
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
          throw error("the model imports operator set domain '" + domain + "'; only the default ONNX domain is supported");
        }
      } else {
        r.skip();
      }
    }
    if (!graph) {
      throw error("no graph: not an ONNX model file (or truncated)");
    }
  }

  private void parseGraph(Protobuf.Reader r) throws ModelFileException {
    while (r.next()) {
      if (r.wireType != Protobuf.LENGTH_DELIMITED) {
        r.skip();
        continue;
      }
      switch (r.field) {
        case 1:
          if (nodes.size() >= MAX_NODES) {
            throw error("more than " + MAX_NODES + " nodes");
          }
          nodes.add(parseNode(r.message()));
          break;
        case 5: {
          Init t = parseTensor(r.message());
          if (inits.put(t.name, t) != null) {
            throw error("initializer '" + t.name + "' is defined twice");
          }
          break;
        }
        case 11: inputs.add(parseValueInfo(r.message())); break;
        case 12: outputs.add(parseValueInfo(r.message())[0]); break;
        default: r.skip();
      }
    }
  }

  private Node parseNode(Protobuf.Reader r) throws ModelFileException {
    Node n = new Node();
    while (r.next()) {
      if (r.wireType != Protobuf.LENGTH_DELIMITED) {
        r.skip();
        continue;
      }
      switch (r.field) {
        case 1: n.in.add(r.string()); break;
        case 2: n.out.add(r.string()); break;
        case 3: n.name = r.string(); break;
        case 4: n.op = r.string(); break;
        case 5: parseAttribute(r.message(), n); break;
        case 7: n.domain = r.string(); break;
        default: r.skip();
      }
    }
    return n;
  }

  private void parseAttribute(Protobuf.Reader r, Node n) throws ModelFileException {
    String name = "";
    Attr a = new Attr();
    while (r.next()) {
      if (r.field == 1 && r.wireType == Protobuf.LENGTH_DELIMITED) {
        name = r.string();
      } else if (r.field == 2 && r.wireType == Protobuf.FIXED32) {
        a.f = r.fixed32();
      } else if (r.field == 3 && r.wireType == Protobuf.VARINT) {
        a.i = r.varint();
      } else if (r.field == 5 && r.wireType == Protobuf.LENGTH_DELIMITED) {
        a.t = parseTensor(r.message());
      } else if (r.field == 8) {
        if (a.ints == null) {
          a.ints = new ArrayList<>();
        }
        if (r.wireType == Protobuf.LENGTH_DELIMITED) {
          Protobuf.Reader p = r.message();
          while (p.remaining() > 0) {
            a.ints.add(p.varint()); // each at least one byte: bounded by the message
          }
        } else {
          a.ints.add(r.varint());
        }
      } else {
        r.skip();
      }
    }
    n.attrs.put(name, a);
  }

  private String[] parseValueInfo(Protobuf.Reader r) throws ModelFileException {
    String name = "";
    List<String> dims = new ArrayList<>();
    while (r.next()) {
      if (r.field == 1 && r.wireType == Protobuf.LENGTH_DELIMITED) {
        name = r.string();
      } else if (r.field == 2 && r.wireType == Protobuf.LENGTH_DELIMITED) {
        Protobuf.Reader type = r.message();
        while (type.next()) {
          if (type.field == 1 && type.wireType == Protobuf.LENGTH_DELIMITED) {
            Protobuf.Reader tensor = type.message();
            while (tensor.next()) {
              if (tensor.field == 2 && tensor.wireType == Protobuf.LENGTH_DELIMITED) {
                Protobuf.Reader shape = tensor.message();
                while (shape.next()) {
                  if (shape.field == 1 && shape.wireType == Protobuf.LENGTH_DELIMITED) {
                    Protobuf.Reader dim = shape.message();
                    String d = "?";
                    while (dim.next()) {
                      if (dim.field == 1 && dim.wireType == Protobuf.VARINT) {
                        d = Long.toString(dim.varint());
                      } else {
                        dim.skip();
                      }
                    }
                    dims.add(d);
                  } else {
                    shape.skip();
                  }
                }
              } else {
                tensor.skip();
              }
            }
          } else {
            type.skip();
          }
        }
      } else {
        r.skip();
      }
    }
    List<String> out = new ArrayList<>();
    out.add(name);
    out.addAll(dims);
    return out.toArray(new String[0]);
  }

  private Init parseTensor(Protobuf.Reader r) throws ModelFileException {
    Init t = new Init();
    List<Long> dims = new ArrayList<>();
    int type = 0;
    int rawOff = -1;
    int rawLen = 0;
    Protobuf.Reader floats = null;
    List<Float> looseFloats = new ArrayList<>();
    Protobuf.Reader longs = null;
    List<Long> looseLongs = new ArrayList<>();
    Protobuf.Reader doubles = null;
    while (r.next()) {
      switch (r.field) {
        case 1:
          if (r.wireType == Protobuf.LENGTH_DELIMITED) {
            Protobuf.Reader p = r.message();
            while (p.remaining() > 0) {
              dims.add(p.varint());
            }
          } else {
            dims.add(r.varint());
          }
          break;
        case 2: type = (int) r.varint(); break;
        case 4:
          if (r.wireType == Protobuf.LENGTH_DELIMITED) {
            floats = r.message();
          } else {
            looseFloats.add(r.fixed32());
          }
          break;
        case 7:
          if (r.wireType == Protobuf.LENGTH_DELIMITED) {
            longs = r.message();
          } else {
            looseLongs.add(r.varint());
          }
          break;
        case 8: t.name = r.string(); break;
        case 9: {
          Protobuf.Reader raw = r.message();
          rawOff = raw.position();
          rawLen = raw.remaining();
          break;
        }
        case 10: doubles = r.message(); break;
        case 14:
          if (r.varint() == 1) {
            throw error("tensor '" + t.name + "' keeps its data in an external file, which is not supported "
                + "(export with the weights inside the model file)");
          }
          break;
        default: r.skip();
      }
      if (dims.size() > 64) {
        throw error("tensor '" + t.name + "' has more than 64 dimensions");
      }
    }
    long count = 1;
    t.dims = new long[dims.size()];
    for (int i = 0; i < dims.size(); i++) {
      long d = dims.get(i);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw error("tensor '" + t.name + "' has dimension " + d + " in " + dims);
      }
      t.dims[i] = d;
      count *= d;
      if (count > Integer.MAX_VALUE) {
        throw error("tensor '" + t.name + "' of shape " + dims + " is too large");
      }
    }
    int elementBytes;
    switch (type) {
      case 1: case 6: elementBytes = 4; break; // FLOAT, INT32
      case 7: case 11: elementBytes = 8; break; // INT64, DOUBLE
      case 10: case 16: elementBytes = 2; break; // FLOAT16, BFLOAT16
      default:
        throw error("tensor '" + t.name + "' has ONNX data type " + type + "; supported: FLOAT, FLOAT16, BFLOAT16, "
            + "DOUBLE, INT32, INT64");
    }
    int n = (int) count;
    byte[] b = r.array();
    String where = "tensor '" + t.name + "' of shape " + dims;
    if (rawOff >= 0) {
      if ((long) n * elementBytes != rawLen) {
        throw error(where + " needs " + (long) n * elementBytes + " bytes, raw_data has " + rawLen);
      }
      ByteBuffer bb = ByteBuffer.wrap(b, rawOff, rawLen).slice().order(ByteOrder.LITTLE_ENDIAN);
      t.data = new float[n];
      for (int i = 0; i < n; i++) {
        switch (type) {
          case 1: t.data[i] = bb.getFloat(4 * i); break;
          case 6: t.data[i] = bb.getInt(4 * i); break;
          case 7: t.data[i] = bb.getLong(8 * i); break;
          case 11: t.data[i] = (float) bb.getDouble(8 * i); break;
          case 10: t.data[i] = HalfFloats.f16ToFloat(bb.getShort(2 * i)); break;
          default: t.data[i] = HalfFloats.bf16ToFloat(bb.getShort(2 * i)); break;
        }
      }
    } else if (floats != null || !looseFloats.isEmpty()) {
      if (type != 1) {
        throw error(where + ": float_data for data type " + type + " is not supported");
      }
      int have = (floats == null ? 0 : floats.remaining() / 4) + looseFloats.size();
      if (have != n) {
        throw error(where + " needs " + n + " elements, float_data has " + have);
      }
      t.data = new float[n];
      int i = 0;
      while (floats != null && floats.remaining() > 0) {
        t.data[i++] = floats.fixed32();
      }
      for (float f : looseFloats) {
        t.data[i++] = f;
      }
    } else if (longs != null || !looseLongs.isEmpty()) {
      List<Float> v = new ArrayList<>();
      while (longs != null && longs.remaining() > 0) {
        v.add((float) longs.varint()); // each element takes at least one byte: bounded by the message
      }
      for (long l : looseLongs) {
        v.add((float) l);
      }
      if (v.size() != n) {
        throw error(where + " needs " + n + " elements, int64_data has " + v.size());
      }
      t.data = new float[n];
      for (int i = 0; i < n; i++) {
        t.data[i] = v.get(i);
      }
    } else if (doubles != null) {
      if (doubles.remaining() != 8L * n) {
        throw error(where + " needs " + n + " doubles, double_data has " + doubles.remaining() / 8);
      }
      ByteBuffer bb = ByteBuffer.wrap(b, doubles.position(), doubles.remaining()).slice().order(ByteOrder.LITTLE_ENDIAN);
      t.data = new float[n];
      for (int i = 0; i < n; i++) {
        t.data[i] = (float) bb.getDouble(8 * i);
      }
    } else if (n == 0) {
      t.data = new float[0];
    } else {
      throw error(where + " has no data");
    }
    return t;
  }

  // ---- graph walk ----

  private Model build() throws ModelFileException {
    for (Node n : nodes) {
      if (!n.domain.isEmpty() && !n.domain.equals("ai.onnx")) {
        throw error(n.describe() + " is in domain '" + n.domain + "'; only the default ONNX domain is supported");
      }
      if (n.op.equals("Constant")) {
        Attr v = n.attrs.get("value");
        if (n.out.size() != 1 || v == null || v.t == null) {
          throw error(n.describe() + ": only Constant nodes with a tensor 'value' are supported");
        }
        v.t.name = n.out.get(0);
        inits.put(n.out.get(0), v.t);
        used.add(n);
        continue;
      }
      for (String in : n.in) {
        if (!in.isEmpty() && !inits.containsKey(in)) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    List<String[]> data = new ArrayList<>();
    for (String[] in : inputs) {
      if (!inits.containsKey(in[0])) {
        data.add(in);
      }
    }
    if (data.size() != 1) {
      throw error("the graph has " + data.size() + " data inputs (inputs that are not initializers); a vectorgrad "
          + "model has exactly one");
    }
    if (outputs.size() != 1) {
      throw error("the graph has " + outputs.size() + " outputs; a vectorgrad model has exactly one");
    }
    String[] input = data.get(0);
    long width = 1;
    for (int i = 2; i < input.length; i++) {
      if (input[i].equals("?")) {
        throw error("input '" + input[0] + "' has a symbolic feature dimension (shape " + shape(input)
            + "); only the first (batch) dimension may be symbolic");
      }
      long d = Long.parseLong(input[i]);
      if (d < 1 || d > Integer.MAX_VALUE) {
        throw error("input '" + input[0] + "' has shape " + shape(input) + "; feature dimensions must be 1 to "
            + Integer.MAX_VALUE);
      }
      width *= d;
      if (width > Integer.MAX_VALUE) {
        throw error("input '" + input[0] + "' of shape " + shape(input) + " is too wide");
      }
    }
    if (input.length < 3) {
      throw error("input '" + input[0] + "' has shape " + shape(input) + "; expected [batch, features, ...]");
    }
    String x = input[0];
    int w = (int) width;
    String out = outputs.get(0);
    int steps = 0;
    while (!x.equals(out)) {
      if (++steps > nodes.size() + 1) {
        throw error("the graph has a cycle");
      }
      List<Node> cs = consumers.getOrDefault(x, List.of());
      if (cs.isEmpty()) {
        throw error("value '" + x + "' is used by no node and is not the graph output '" + out + "'");
      }
      Node mean = layerNormStart(x, cs);
      if (mean != null && cs.size() == 2) {
        x = decomposedLayerNorm(x, w, mean, "layers." + specs.size());
        specs.add(BlockSpec.norm(NormKind.LAYER, w));
      } else if (cs.size() == 1) {
        Step s = step(x, w, cs.get(0), specs.size(), "layers." + specs.size());
        x = s.out;
        w = s.width;
        if (s.spec != null) {
          specs.add(s.spec);
        }
      } else {
        Step s = residual(x, w, cs);
        x = s.out;
        w = s.width;
      }
    }
    for (Node n : nodes) {
      if (!used.contains(n)) {
        throw error(n.describe() + " is not on the path from the input to the output; only sequential networks "
            + "(with residual blocks) are supported");
      }
    }
    Architecture arch;
    try {
      arch = new Architecture((int) width, specs);
    } catch (IllegalArgumentException e) {
      throw error("the graph maps to no vectorgrad architecture: " + e.getMessage());
    }
    Model model = arch.newModel(0);
    List<Parameter> all = model.tensors();
    float[][] arrays = new float[all.size()][];
    for (int t = 0; t < all.size(); t++) {
      float[] v = values.get(all.get(t).name());
      if (v == null || v.length != all.get(t).size()) {
        throw new AssertionError(all.get(t).name());
      }
      arrays[t] = v;
    }
    ModelFiles.checkValues(source, all, arrays);
    for (int t = 0; t < all.size(); t++) {
      System.arraycopy(arrays[t], 0, all.get(t).values(), 0, arrays[t].length);
    }
    return model;
  }

  private static String shape(String[] valueInfo) {
    return Arrays.toString(Arrays.copyOfRange(valueInfo, 1, valueInfo.length));
  }

  private static final class Step {
    String out;
    int width;
    BlockSpec spec;
    Activation activation = Activation.LINEAR;
  }

  private void use(Node n) throws ModelFileException {
    if (!used.add(n)) {
      throw error(n.describe() + " is reached twice: the graph has a cycle or is not sequential");
    }
  }

  private ModelFileException unsupported(Node n, String why) {
    return error(n.describe() + (why.isEmpty() ? " is not supported" : ": " + why) + "; vectorgrad reads "
        + SUPPORTED);
  }

  private Init init(Node n, int input) throws ModelFileException {
    if (input >= n.in.size() || n.in.get(input).isEmpty()) {
      throw error(n.describe() + " lacks input " + input);
    }
    Init t = inits.get(n.in.get(input));
    if (t == null) {
      throw error(n.describe() + ": input '" + n.in.get(input) + "' must be an initializer or constant, and there is "
          + "none of that name");
    }
    return t;
  }

  private String only(Node n) throws ModelFileException {
    if (n.out.isEmpty()) {
      throw error(n.describe() + " has no output");
    }
    for (int i = 1; i < n.out.size(); i++) {
      if (consumers.containsKey(n.out.get(i)) || outputs.contains(n.out.get(i))) {
        throw unsupported(n, "its output " + i + " ('" + n.out.get(i) + "') is used");
      }
    }
    return n.out.get(0);
  }

  private float attrFloat(Node n, String name, float dflt) {
    Attr a = n.attrs.get(name);
    return a == null || a.f == null ? dflt : a.f;
  }

  private long attrInt(Node n, String name, long dflt) {
    Attr a = n.attrs.get(name);
    return a == null || a.i == null ? dflt : a.i;
  }

  /** One block (or a pass-through node) starting at the only consumer {@code n} of {@code x}. */
  private Step step(String x, int w, Node n, int block, String prefix) throws ModelFileException {
    Step s = new Step();
    switch (n.op) {
      case "Identity":
      case "Dropout":
        use(n);
        if (n.op.equals("Dropout") && attrInt(n, "training_mode", 0) != 0) {
          throw unsupported(n, "training_mode is set");
        }
        if (n.op.equals("Dropout") && n.in.size() > 2 && !n.in.get(2).isEmpty()) {
          Init mode = init(n, 2);
          if (mode.data.length != 1 || mode.data[0] != 0f) {
            throw unsupported(n, "training_mode is true");
          }
        }
        s.out = only(n);
        s.width = w;
        return s;
      case "Flatten":
        use(n);
        if (attrInt(n, "axis", 1) != 1) {
          throw unsupported(n, "axis " + attrInt(n, "axis", 1) + " (only axis 1 keeps the batch dimension)");
        }
        s.out = only(n);
        s.width = w;
        return s;
      case "Gemm":
      case "MatMul": {
        String z = linear(x, w, n, prefix);
        s.width = values.get(prefix + ".bias").length;
        s.out = z;
        List<Node> next = consumers.getOrDefault(z, List.of());
        if (next.size() == 1 && !outputs.contains(z)) {
          Node a = next.get(0);
          Activation act = activation(a);
          if (act != null) {
            use(a);
            s.out = only(a);
            s.activation = act;
          }
        }
        s.spec = BlockSpec.dense(s.width, s.activation);
        return s;
      }
      case "LayerNormalization":
      case "BatchNormalization":
        s.out = norm(x, w, n, prefix);
        s.width = w;
        s.spec = BlockSpec.norm(n.op.equals("LayerNormalization") ? NormKind.LAYER : NormKind.BATCH, w);
        return s;
      default:
        throw unsupported(n, "");
    }
  }

  /** The activation node {@code a} stands for, or null when it is no activation. */
  private Activation activation(Node a) throws ModelFileException {
    switch (a.op) {
      case "Relu": return Activation.RELU;
      case "Sigmoid": return Activation.SIGMOID;
      case "Tanh": return Activation.TANH;
      case "LeakyRelu": {
        float alpha = attrFloat(a, "alpha", 0.01f);
        if (alpha != Activation.LEAKY_SLOPE) {
          throw unsupported(a, "alpha " + alpha + " (vectorgrad's leaky ReLU has slope " + Activation.LEAKY_SLOPE + ")");
        }
        return Activation.LEAKY_RELU;
      }
      case "Softmax":
      case "LogSoftmax": {
        long axis = attrInt(a, "axis", -1);
        if (axis != -1 && axis != 1) {
          throw unsupported(a, "axis " + axis + " (only the feature axis, 1 or -1)");
        }
        return Activation.SOFTMAX;
      }
      default: return null;
    }
  }

  /** Gemm, or MatMul followed by Add of a bias: stores {@code prefix.weight} [out, in] and {@code prefix.bias}. */
  private String linear(String x, int w, Node n, String prefix) throws ModelFileException {
    use(n);
    if (n.in.isEmpty() || !n.in.get(0).equals(x)) {
      throw unsupported(n, "the data must be its first input");
    }
    Init b = init(n, 1);
    boolean transposed; // whether B is stored [out, in]
    float[] bias = null;
    String z;
    if (n.op.equals("Gemm")) {
      if (attrFloat(n, "alpha", 1f) != 1f || attrFloat(n, "beta", 1f) != 1f || attrInt(n, "transA", 0) != 0) {
        throw unsupported(n, "alpha, beta must be 1 and transA 0");
      }
      transposed = attrInt(n, "transB", 0) != 0;
      if (n.in.size() > 2 && !n.in.get(2).isEmpty()) {
        bias = init(n, 2).data;
      }
      z = only(n);
    } else {
      transposed = false;
      z = only(n);
      List<Node> next = consumers.getOrDefault(z, List.of());
      if (next.size() == 1 && next.get(0).op.equals("Add") && next.get(0).in.size() == 2) {
        Node add = next.get(0);
        String other = add.in.get(0).equals(z) ? add.in.get(1) : add.in.get(0);
        if (inits.containsKey(other)) {
          use(add);
          bias = inits.get(other).data;
          z = only(add);
        }
      }
    }
    if (b.dims.length != 2) {
      throw unsupported(n, "weight '" + b.name + "' has shape " + Arrays.toString(b.dims) + ", expected 2 dimensions");
    }
    long in = transposed ? b.dims[1] : b.dims[0];
    long outW = transposed ? b.dims[0] : b.dims[1];
    if (in != w) {
      throw error(n.describe() + ": weight '" + b.name + "' of shape " + Arrays.toString(b.dims) + " takes " + in
          + " inputs, but its input has " + w + " features");
    }
    int out = (int) outW;
    float[] weight = new float[b.data.length];
    if (transposed) {
      System.arraycopy(b.data, 0, weight, 0, weight.length);
    } else {
      for (int i = 0; i < w; i++) {
        for (int o = 0; o < out; o++) {
          weight[o * w + i] = b.data[i * out + o];
        }
      }
    }
    if (bias == null) {
      bias = new float[out];
    } else if (bias.length != out) {
      throw error(n.describe() + ": bias of " + bias.length + " elements for " + out + " outputs");
    }
    values.put(prefix + ".weight", weight);
    values.put(prefix + ".bias", bias.clone());
    return z;
  }

  private String norm(String x, int w, Node n, String prefix) throws ModelFileException {
    use(n);
    if (n.in.isEmpty() || !n.in.get(0).equals(x)) {
      throw unsupported(n, "the data must be its first input");
    }
    float eps = attrFloat(n, "epsilon", 1e-5f);
    if (Math.abs(eps - Normalization.EPSILON) > 1e-9f) {
      throw unsupported(n, "epsilon " + eps + " (vectorgrad's norms use " + Normalization.EPSILON + ")");
    }
    boolean layer = n.op.equals("LayerNormalization");
    if (layer) {
      long axis = attrInt(n, "axis", -1);
      if (axis != -1 && axis != 1) {
        throw unsupported(n, "axis " + axis + " (only the feature axis)");
      }
    } else if (attrInt(n, "training_mode", 0) != 0) {
      throw unsupported(n, "training_mode is set");
    }
    String[] names = layer ? new String[] {"weight", "bias"}
        : new String[] {"weight", "bias", "running_mean", "running_var"};
    for (int i = 0; i < names.length; i++) {
      float[] v;
      if (layer && i == 1 && (n.in.size() < 3 || n.in.get(2).isEmpty())) {
        v = new float[w];
      } else {
        v = init(n, i + 1).data;
      }
      if (v.length != w) {
        throw error(n.describe() + ": input " + (i + 1) + " has " + v.length + " elements for " + w + " features");
      }
      values.put(prefix + "." + names[i], v.clone());
    }
    return only(n);
  }

  /**
   * A residual block at {@code x}, consumed by the branch and by the skip: the final {@code Add} directly
   * (identity) or a projection {@code Gemm}/{@code MatMul} whose output goes to that Add.
   */
  private Step residual(String x, int w, List<Node> cs) throws ModelFileException {
    Node mean = layerNormStart(x, cs);
    if (cs.size() != (mean != null ? 3 : 2)) {
      throw error("value '" + x + "' is used by " + cs.size() + " nodes (" + describe(cs) + "); only a residual "
          + "block's branch and skip may share a value");
    }
    int block = specs.size();
    String prefix = "layers." + block;
    Node skip = null;
    for (Node c : cs) {
      if (c.op.equals("Add")) {
        skip = c;
      }
    }
    String skipOut = x;
    if (skip == null) { // a projection: the linear node whose output goes straight into an Add
      for (Node c : cs) {
        if (skip == null && (c.op.equals("Gemm") || c.op.equals("MatMul")) && !c.out.isEmpty()) {
          List<Node> next = consumers.getOrDefault(c.out.get(0), List.of());
          if (next.size() == 1 && next.get(0).op.equals("Add")
              && next.get(0).in.stream().noneMatch(inits::containsKey)) {
            skip = c;
          }
        }
      }
      if (skip == null) {
        throw error("value '" + x + "' feeds " + describe(cs) + ", which is no residual block (an Add of the input or of"
            + " a projection)");
      }
    }
    Node branch = null;
    for (Node c : cs) {
      if (c != skip && (mean == null || c == mean)) {
        branch = c;
      }
    }
    String u = x;
    NormKind norm = NormKind.NONE;
    Node first = branch;
    if (mean != null) {
      u = decomposedLayerNorm(x, w, mean, prefix + ".norm");
      norm = NormKind.LAYER;
      first = single(u);
    } else if (first.op.equals("LayerNormalization") || first.op.equals("BatchNormalization")) {
      u = norm(x, w, first, prefix + ".norm");
      norm = first.op.equals("LayerNormalization") ? NormKind.LAYER : NormKind.BATCH;
      first = single(u);
    }
    if (!first.op.equals("Gemm") && !first.op.equals("MatMul")) {
      throw unsupported(first, "a residual branch must be [norm,] Gemm, activation, Gemm");
    }
    String z1 = linear(u, w, first, prefix + ".fc1");
    int hidden = values.get(prefix + ".fc1.bias").length;
    Node act = single(z1);
    Activation a = activation(act);
    String h = z1;
    Node second = act;
    if (a != null) {
      use(act);
      h = only(act);
      second = single(h);
    } else {
      a = Activation.LINEAR;
    }
    if (!second.op.equals("Gemm") && !second.op.equals("MatMul")) {
      throw unsupported(second, "a residual branch must be [norm,] Gemm, activation, Gemm");
    }
    String f = linear(h, hidden, second, prefix + ".fc2");
    int units = values.get(prefix + ".fc2.bias").length;
    Node join;
    if (skip.op.equals("Add")) {
      join = skip;
    } else {
      skipOut = linear(x, w, skip, prefix + ".proj");
      join = single(skipOut);
      if (units == w) {
        throw unsupported(skip, "a projection between equal widths (vectorgrad projects only when widths differ)");
      }
    }
    if (units != w && skip.op.equals("Add")) {
      throw error(join.describe() + " adds widths " + w + " and " + units);
    }
    Set<String> ins = new HashSet<>(join.in);
    if (!join.op.equals("Add") || join.in.size() != 2 || !ins.contains(f) || !ins.contains(skipOut)) {
      throw unsupported(join, "a residual block must end in Add(skip, branch)");
    }
    use(join);
    specs.add(BlockSpec.residual(units, hidden, norm, a));
    Step s = new Step();
    s.out = only(join);
    s.width = units;
    return s;
  }

  /**
   * The ReduceMean that starts an opset-13 LayerNorm decomposition at {@code x} ({@code ReduceMean(x)} and
   * {@code Sub(x, mean)} both among {@code cs}), or null.
   */
  private Node layerNormStart(String x, List<Node> cs) {
    for (Node m : cs) {
      if (m.op.equals("ReduceMean") && m.out.size() == 1) {
        for (Node sub : cs) {
          if (sub.op.equals("Sub") && sub.in.equals(List.of(x, m.out.get(0)))) {
            return m;
          }
        }
      }
    }
    return null;
  }

  /**
   * LayerNorm as {@code torch.onnx.export} writes it below opset 17: {@code d = x − ReduceMean(x)},
   * {@code d / Sqrt(ReduceMean(Pow(d, 2)) + ε)}, then {@code Mul} by γ and {@code Add} of β (both optional).
   */
  private String decomposedLayerNorm(String x, int w, Node mean, String prefix) throws ModelFileException {
    checkLastAxis(mean);
    use(mean);
    Node sub = null;
    for (Node c : consumers.get(x)) {
      if (c.op.equals("Sub") && c.in.equals(List.of(x, mean.out.get(0)))) {
        sub = c;
      }
    }
    use(sub);
    String d = only(sub);
    List<Node> dUsers = consumers.getOrDefault(d, List.of());
    Node pow = null;
    Node div = null;
    for (Node c : dUsers) {
      if (c.op.equals("Pow")) {
        pow = c;
      } else if (c.op.equals("Div")) {
        div = c;
      }
    }
    if (dUsers.size() != 2 || pow == null || div == null) {
      throw unsupported(sub, "a LayerNorm decomposition needs Pow and Div of x − mean, found " + describe(dUsers));
    }
    use(pow);
    if (!pow.in.get(0).equals(d) || scalar(pow, 1) != 2f) {
      throw unsupported(pow, "a LayerNorm decomposition squares x − mean");
    }
    Node var = single(only(pow));
    if (!var.op.equals("ReduceMean")) {
      throw unsupported(var, "a LayerNorm decomposition takes the mean of the squares");
    }
    checkLastAxis(var);
    use(var);
    Node addEps = single(only(var));
    if (!addEps.op.equals("Add") || addEps.in.size() != 2) {
      throw unsupported(addEps, "a LayerNorm decomposition adds ε to the variance");
    }
    use(addEps);
    float eps = scalar(addEps, addEps.in.get(0).equals(only(var)) ? 1 : 0);
    if (Math.abs(eps - Normalization.EPSILON) > 1e-9f) {
      throw unsupported(addEps, "epsilon " + eps + " (vectorgrad's norms use " + Normalization.EPSILON + ")");
    }
    Node sqrt = single(only(addEps));
    if (!sqrt.op.equals("Sqrt")) {
      throw unsupported(sqrt, "a LayerNorm decomposition takes the square root of variance + ε");
    }
    use(sqrt);
    if (!div.in.equals(List.of(d, only(sqrt)))) {
      throw unsupported(div, "a LayerNorm decomposition divides x − mean by the standard deviation");
    }
    use(div);
    String y = only(div);
    float[] gamma = new float[w];
    java.util.Arrays.fill(gamma, 1f);
    float[] beta = new float[w];
    List<Node> next = consumers.getOrDefault(y, List.of());
    if (next.size() == 1 && next.get(0).op.equals("Mul") && affine(next.get(0), y) != null) {
      gamma = affine(next.get(0), y).clone();
      use(next.get(0));
      y = only(next.get(0));
      next = consumers.getOrDefault(y, List.of());
    }
    if (next.size() == 1 && next.get(0).op.equals("Add") && affine(next.get(0), y) != null) {
      beta = affine(next.get(0), y).clone();
      use(next.get(0));
      y = only(next.get(0));
    }
    if (gamma.length != w || beta.length != w) {
      throw error("LayerNorm after '" + x + "': γ or β has " + Math.min(gamma.length, beta.length) + " elements for "
          + w + " features");
    }
    values.put(prefix + ".weight", gamma);
    values.put(prefix + ".bias", beta);
    return y;
  }

  /** The initializer operand of a binary {@code n} whose other operand is {@code y}, or null. */
  private float[] affine(Node n, String y) {
    if (n.in.size() != 2) {
      return null;
    }
    String other = n.in.get(0).equals(y) ? n.in.get(1) : n.in.get(1).equals(y) ? n.in.get(0) : null;
    Init t = other == null ? null : inits.get(other);
    return t == null ? null : t.data;
  }

  private float scalar(Node n, int input) throws ModelFileException {
    Init t = init(n, input);
    if (t.data.length != 1) {
      throw unsupported(n, "input " + input + " must be a scalar, has " + t.data.length + " elements");
    }
    return t.data[0];
  }

  private void checkLastAxis(Node n) throws ModelFileException {
    Attr axes = n.attrs.get("axes");
    List<Long> a = axes == null ? null : axes.ints;
    if (a == null || a.size() != 1 || (a.get(0) != -1 && a.get(0) != 1) || attrInt(n, "keepdims", 1) != 1) {
      throw unsupported(n, "a LayerNorm decomposition reduces over the last axis only (axes [-1], keepdims 1)");
    }
  }

  private Node single(String value) throws ModelFileException {
    List<Node> cs = consumers.getOrDefault(value, List.of());
    if (cs.size() != 1) {
      throw error("value '" + value + "' inside a residual block is used by " + cs.size() + " nodes ("
          + describe(cs) + "), expected 1");
    }
    return cs.get(0);
  }

  private static String describe(List<Node> cs) {
    List<String> s = new ArrayList<>();
    for (Node n : cs) {
      s.add(n.describe());
    }
    return String.join(", ", s);
  }
}
