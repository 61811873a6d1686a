package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-made ONNX graphs: what maps to a model, and clear errors for what does not or is hostile. */
class OnnxReaderTest {
  static Protobuf.Writer node(String op, String name, String[] in, String out, Protobuf.Writer... attrs) {
    Protobuf.Writer n = new Protobuf.Writer();
    for (String i : in) {
      n.string(1, i);
    }
    n.string(2, out).string(3, name).string(4, op);
    for (Protobuf.Writer a : attrs) {
      n.message(5, a);
    }
    return n;
  }

  static Protobuf.Writer tensor(String name, long[] dims, float... v) {
    Protobuf.Writer t = new Protobuf.Writer();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, 1).string(8, name);
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return t.bytes(9, b.array());
  }

  static Protobuf.Writer valueInfo(String name, long width) {
    Protobuf.Writer shape = new Protobuf.Writer().message(1, new Protobuf.Writer().string(2, "N"))
        .message(1, new Protobuf.Writer().varint(1, width));
    return new Protobuf.Writer().string(1, name).message(2, new Protobuf.Writer().message(1,
        new Protobuf.Writer().varint(1, 1).message(2, shape)));
  }

  /** A graph x[N,2] → nodes → "y", with initializers; the caller picks the nodes. */
  static byte[] model(Protobuf.Writer[] nodes, Protobuf.Writer... inits) {
    Protobuf.Writer g = new Protobuf.Writer();
    for (Protobuf.Writer n : nodes) {
      g.message(1, n);
    }
    for (Protobuf.Writer t : inits) {
      g.message(5, t);
    }
    g.message(11, valueInfo("x", 2)).message(12, valueInfo("y", 2));
    return new Protobuf.Writer().varint(1, 8).message(7, g)
        .message(8, new Protobuf.Writer().string(1, "").varint(2, 13)).toByteArray();
  }

  static final Protobuf.Writer W = tensor("W", new long[] {2, 2}, 1, 2, 3, 4);
  static final Protobuf.Writer B = tensor("B", new long[] {2}, 0.5f, -0.5f);

  static String fails(byte[] bytes) {
    String m = assertThrows(ModelFileException.class, () -> OnnxFiles.fromBytes(bytes, "f.onnx")).getMessage();
    assertTrue(m.startsWith("f.onnx: "), m);
    return m;
  }

  @Test
  void matMulPlusAddIsALinearLayerWithItsWeightTransposed() throws Exception {
    Model m = OnnxFiles.fromBytes(model(new Protobuf.Writer[] {node("MatMul", "mm", new String[] {"x", "W"}, "h"),
        node("Add", "add", new String[] {"h", "B"}, "z"), node("Tanh", "t", new String[] {"z"}, "y")}, W, B), "m");
    assertEquals(Activation.TANH, m.activation(0));
    // MatMul's B is [in, out]: vectorgrad's [out, in] weight is its transpose
    assertEquals("[1.0, 3.0, 2.0, 4.0]", Arrays.toString(m.dense(0).weights()));
    float[] y = new float[2];
    m.forward(new float[] {1, 1}, 1, y);
    assertEquals(Math.tanh(1 + 3 + 0.5), y[0], 1e-6);
    assertEquals(Math.tanh(2 + 4 - 0.5), y[1], 1e-6);
  }

  @Test
  void unsupportedOperatorsAreNamed() {
    String m = fails(model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "z"),
        node("Elu", "/act/Elu", new String[] {"z"}, "y")}, W, B));
    assertTrue(m.contains("node '/act/Elu' (Elu)") && m.contains("Gemm, MatMul+Add"), m);
    String conv = fails(model(new Protobuf.Writer[] {node("Conv", "c", new String[] {"x", "W"}, "y")}, W));
    assertTrue(conv.contains("node 'c' (Conv) is not supported"), conv);
    Protobuf.Writer alpha = new Protobuf.Writer().string(1, "alpha").fixed32(2, 0.2f).varint(20, 1);
    String leaky = fails(model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "z"),
        node("LeakyRelu", "lr", new String[] {"z"}, "y", alpha)}, W, B));
    assertTrue(leaky.contains("alpha 0.2"), leaky);
  }

  @Test
  void missingInitializersAndCyclesAreErrors() {
    String missing = fails(model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "y")}, B));
    assertTrue(missing.contains("'W'") && missing.contains("none of that name"), missing);
    // a → b → a: Relu nodes feeding each other, never reaching y
    String cycle = fails(model(new Protobuf.Writer[] {node("Identity", "i0", new String[] {"x"}, "a"),
        node("Identity", "i1", new String[] {"a"}, "b"), node("Identity", "i2", new String[] {"b"}, "a")}));
    assertTrue(cycle.contains("cycle") || cycle.contains("used by 2 nodes") || cycle.contains("reached twice"), cycle);
    String dangling = fails(model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "z")}, W, B));
    assertTrue(dangling.contains("'z' is used by no node"), dangling);
  }

  @Test
  void forgedLengthsHugeDimsAndTruncationFailWithoutAllocating() {
    byte[] good = model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "y")}, W, B);
    assertTrue(fails(Arrays.copyOf(good, good.length - 3)).contains("not a valid ONNX"));
    // the graph field's length forged to 2^40
    byte[] forged = new Protobuf.Writer().varint(1, 8).bytes(7, new byte[0]).toByteArray();
    byte[] f = Arrays.copyOf(forged, forged.length + 5);
    f[forged.length - 1] = (byte) 0x80;
    f[forged.length] = (byte) 0x80;
    f[forged.length + 1] = (byte) 0x80;
    f[forged.length + 2] = (byte) 0x80;
    f[forged.length + 3] = (byte) 0x80;
    f[forged.length + 4] = (byte) 0x20;
    String lf = fails(f);
    assertTrue(lf.contains("forged length") || lf.contains("truncated"), lf);
    Protobuf.Writer huge = tensor("W", new long[] {1L << 30, 1L << 30}, 1, 2, 3, 4);
    String h = fails(model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "y")}, huge, B));
    assertTrue(h.contains("too large"), h);
    Protobuf.Writer lying = tensor("W", new long[] {2, 3}, 1, 2, 3, 4);
    String l = fails(model(new Protobuf.Writer[] {node("Gemm", "fc", new String[] {"x", "W", "B"}, "y")}, lying, B));
    assertTrue(l.contains("needs 24 bytes, raw_data has 16"), l);
    assertTrue(fails(new byte[0]).contains("no graph"));
    // an input feature dimension of 2^62 (would overflow a long product with the others)
    Protobuf.Writer g = new Protobuf.Writer().message(1, node("Gemm", "fc", new String[] {"x", "W", "B"}, "y"))
        .message(5, W).message(5, B).message(11, valueInfo("x", 1L << 62)).message(12, valueInfo("y", 2));
    String d = fails(new Protobuf.Writer().message(7, g).toByteArray());
    assertTrue(d.contains("feature dimensions must be 1 to"), d);
  }
}
