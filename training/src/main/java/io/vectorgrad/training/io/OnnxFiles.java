package io.vectorgrad.training.io;

import io.vectorgrad.training.layers.BatchNorm;
import io.vectorgrad.training.layers.Block;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.layers.DenseBlock;
import io.vectorgrad.training.layers.LayerNorm;
import io.vectorgrad.training.layers.Normalization;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.layers.Residual;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Model} as an ONNX model and reads ONNX models back ({@link OnnxImport}). The file is a
 * {@code ModelProto} encoded by the small protocol-buffers codec in {@link Protobuf} (no dependency: the
 * dozen ONNX messages needed are a few hundred lines, protobuf-java would be a 1.7 MB runtime dependency).
 *
 * <p>Written graph: opset {@value #OPSET} (default domain), IR version {@value #IR_VERSION}; one input
 * {@value #INPUT} of shape {@code [batch, inputSize]} with a symbolic batch dimension, one output
 * {@value #OUTPUT} of shape {@code [batch, outputSize]}; every tensor of the model an initializer under its
 * vectorgrad name. Blocks: Dense → {@code Gemm} (transB = 1, the {@code [out, in]} weight as it is) and its
 * activation ({@code Relu}, {@code LeakyRelu} alpha {@value Activation#LEAKY_SLOPE}, {@code Sigmoid},
 * {@code Tanh}, {@code Softmax} axis 1, nothing for linear); LayerNorm → {@code LayerNormalization} (axis
 * −1, ε = {@value Normalization#EPSILON}); BatchNorm → {@code BatchNormalization} with the running
 * statistics (inference); Residual → its branch (norm, Gemm, activation, Gemm), the projection Gemm when
 * widths differ, and {@code Add}. Dropout is not part of a saved model (identity at inference).
 */
public final class OnnxFiles {
  /** The operator set written: 17 is the first with LayerNormalization. */
  public static final int OPSET = 17;
  /** The IR version of opset 17. */
  public static final int IR_VERSION = 8;
  /** The name of the graph input. */
  public static final String INPUT = "input";
  /** The name of the graph output. */
  public static final String OUTPUT = "output";
  /** Largest file read (it is held in one array). */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  private OnnxFiles() {}

  /** Writes {@code model} to {@code file} atomically. */
  public static void save(Model model, Path file) throws IOException {
    AtomicFiles.write(file, toBytes(model));
  }

  /** Reads an ONNX file ({@link OnnxImport} says which graphs map to a model). */
  public static Model load(Path file) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(file + ": no such file", e);
    }
    if (!attrs.isRegularFile()) {
      throw new ModelFileException(file + " is not a regular file: expected an ONNX model file");
    }
    if (attrs.size() > MAX_FILE_BYTES) {
      throw new ModelFileException(file + ": " + attrs.size() + " bytes is more than this reader handles (2 GiB)");
    }
    return fromBytes(Files.readAllBytes(file), file.toString());
  }

  /** As {@link #load}, from a file's bytes; {@code source} names it in messages. */
  public static Model fromBytes(byte[] bytes, String source) throws ModelFileException {
    return OnnxImport.read(bytes, source);
  }

  /** The ONNX bytes of {@code model}. */
  public static byte[] toBytes(Model model) {
    GraphBuilder g = new GraphBuilder();
    String x = INPUT;
    for (int i = 0; i < model.blockCount(); i++) {
      Block b = model.block(i);
      String name = "block" + i;
      if (b instanceof DenseBlock) {
        DenseBlock d = (DenseBlock) b;
        x = g.activation(d.activation(), g.gemm(d.dense(), x, name + ".gemm"), name);
      } else if (b instanceof Normalization) {
        x = g.norm((Normalization) b, x, name);
      } else if (b instanceof Residual) {
        Residual r = (Residual) b;
        String u = r.normalization() == null ? x : g.norm(r.normalization(), x, name + ".norm");
        String h = g.activation(r.activation(), g.gemm(r.fc1(), u, name + ".fc1"), name + ".fc1");
        String f = g.gemm(r.fc2(), h, name + ".fc2");
        String skip = r.projection() == null ? x : g.gemm(r.projection(), x, name + ".proj");
        x = g.node("Add", name + ".add", new String[] {skip, f});
      } else {
        throw new IllegalArgumentException("block " + i + " (" + b.describe() + ") has no ONNX mapping");
      }
    }
    g.finish(x, OUTPUT);
    Protobuf.Writer graph = new Protobuf.Writer();
    for (Protobuf.Writer n : g.nodes) {
      graph.message(1, n);
    }
    graph.string(2, "vectorgrad");
    for (Parameter p : model.tensors()) {
      graph.message(5, tensor(p));
    }
    graph.message(11, valueInfo(INPUT, model.inputSize()));
    graph.message(12, valueInfo(OUTPUT, model.outputSize()));
    Protobuf.Writer m = new Protobuf.Writer();
    m.varint(1, IR_VERSION);
    m.string(2, "vectorgrad");
    m.string(3, "0.1");
    m.message(7, graph);
    m.message(8, new Protobuf.Writer().string(1, "").varint(2, OPSET));
    return m.toByteArray();
  }

  private static Protobuf.Writer tensor(Parameter p) {
    Protobuf.Writer t = new Protobuf.Writer();
    for (int d : p.shape()) {
      t.varint(1, d);
    }
    t.varint(2, 1); // FLOAT
    t.string(8, p.name());
    float[] v = p.values();
    ByteBuffer raw = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(v);
    t.bytes(9, raw.array());
    return t;
  }

  private static Protobuf.Writer valueInfo(String name, int width) {
    Protobuf.Writer shape = new Protobuf.Writer()
        .message(1, new Protobuf.Writer().string(2, "batch"))
        .message(1, new Protobuf.Writer().varint(1, width));
    Protobuf.Writer tensorType = new Protobuf.Writer().varint(1, 1).message(2, shape);
    return new Protobuf.Writer().string(1, name).message(2, new Protobuf.Writer().message(1, tensorType));
  }

  /**
   * Nodes in order; each node's output value is named after the node, except the last, whose output is the
   * graph output ({@link #finish}).
   */
  private static final class GraphBuilder {
    private record Pending(String op, String name, String[] inputs, Protobuf.Writer[] attributes) {}

    private final List<Pending> pending = new ArrayList<>();
    final List<Protobuf.Writer> nodes = new ArrayList<>();

    String node(String op, String name, String[] inputs, Protobuf.Writer... attributes) {
      pending.add(new Pending(op, name, inputs, attributes));
      return name;
    }

    String gemm(Dense d, String x, String name) {
      return node("Gemm", name, new String[] {x, d.weightParameter().name(), d.biasParameter().name()},
          intAttribute("transB", 1));
    }

    String activation(Activation a, String z, String name) {
      switch (a) {
        case LINEAR: return z;
        case RELU: return node("Relu", name + ".relu", new String[] {z});
        case LEAKY_RELU:
          return node("LeakyRelu", name + ".leaky_relu", new String[] {z}, floatAttribute("alpha", Activation.LEAKY_SLOPE));
        case SIGMOID: return node("Sigmoid", name + ".sigmoid", new String[] {z});
        case TANH: return node("Tanh", name + ".tanh", new String[] {z});
        case SOFTMAX: return node("Softmax", name + ".softmax", new String[] {z}, intAttribute("axis", 1));
        default: throw new AssertionError(a);
      }
    }

    String norm(Normalization n, String x, String name) {
      List<Parameter> ps = n.parameters();
      if (n instanceof LayerNorm) {
        return node("LayerNormalization", name + ".layernorm", new String[] {x, ps.get(0).name(), ps.get(1).name()},
            intAttribute("axis", -1), floatAttribute("epsilon", Normalization.EPSILON));
      }
      if (n instanceof BatchNorm) {
        List<Parameter> st = n.state();
        return node("BatchNormalization", name + ".batchnorm", new String[] {x, ps.get(0).name(), ps.get(1).name(),
            st.get(0).name(), st.get(1).name()}, floatAttribute("epsilon", Normalization.EPSILON));
      }
      throw new IllegalArgumentException(n.describe() + " has no ONNX mapping");
    }

    /** Encodes the nodes, the value {@code last} renamed to {@code output}. */
    void finish(String last, String output) {
      if (last.equals(INPUT)) {
        throw new IllegalArgumentException("a model without nodes has no ONNX graph");
      }
      for (Pending p : pending) {
        Protobuf.Writer w = new Protobuf.Writer();
        for (String in : p.inputs) {
          w.string(1, in.equals(last) ? output : in);
        }
        w.string(2, p.name.equals(last) ? output : p.name).string(3, p.name).string(4, p.op);
        for (Protobuf.Writer a : p.attributes) {
          w.message(5, a);
        }
        nodes.add(w);
      }
    }
  }

  private static Protobuf.Writer intAttribute(String name, long v) {
    return new Protobuf.Writer().string(1, name).varint(3, v).varint(20, 2); // INT
  }

  private static Protobuf.Writer floatAttribute(String name, float v) {
    return new Protobuf.Writer().string(1, name).fixed32(2, v).varint(20, 1); // FLOAT
  }
}
