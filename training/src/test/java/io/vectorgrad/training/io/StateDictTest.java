package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import io.vectorgrad.training.model.Model;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PyTorch state dicts with their own module names and dtypes, mapped onto an architecture. */
class StateDictTest {
  /** One tensor of a hand-made safetensors file: name, dtype, shape, raw little-endian bytes. */
  record T(String name, String dtype, int[] shape, byte[] raw) {}

  static T f32(String name, int[] shape, float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return new T(name, "F32", shape, b.array());
  }

  static float[] seq(int n, float start) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + 0.25f * i;
    }
    return v;
  }

  static byte[] file(List<T> tensors) {
    StringBuilder h = new StringBuilder("{");
    long off = 0;
    for (T t : tensors) {
      h.append(h.length() > 1 ? "," : "").append('"').append(t.name).append("\":{\"dtype\":\"").append(t.dtype)
          .append("\",\"shape\":").append(Arrays.toString(t.shape).replace(" ", "")).append(",\"data_offsets\":[")
          .append(off).append(',').append(off + t.raw.length).append("]}");
      off += t.raw.length;
    }
    byte[] json = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
    out.writeBytes(json);
    for (T t : tensors) {
      out.writeBytes(t.raw);
    }
    return out.toByteArray();
  }

  @Test
  void numericPrefixesSortNumericallyAndOtherNamesAreFree() throws Exception {
    // 11 Linear layers 2→2, file order scrambled and named like a Sequential inside a module
    List<T> ts = new ArrayList<>();
    int[] sizes = new int[12];
    Arrays.fill(sizes, 2);
    String[] acts = new String[11];
    Arrays.fill(acts, "linear");
    for (int i = 10; i >= 0; i--) {
      ts.add(f32("net.body." + i + ".weight", new int[] {2, 2}, seq(4, i)));
      ts.add(f32("net.body." + i + ".bias", new int[] {2}, i, -i));
    }
    Model m = ModelFiles.fromBytes(file(ts), "t", Architecture.of(sizes, acts));
    for (int i = 0; i <= 10; i++) {
      assertArrayEquals(seq(4, i), m.dense(i).weights(), 0f, "layer " + i);
      assertArrayEquals(new float[] {i, -i}, m.dense(i).bias(), 0f);
    }
    assertEquals(-1, StateDicts.MODULE_ORDER.compare("9", "10"));
    assertTrue(StateDicts.MODULE_ORDER.compare("b.norm", "b.fc1") < 0);
    assertTrue(StateDicts.MODULE_ORDER.compare("b.fc2", "b.proj") < 0);
  }

  @Test
  void normsResidualsAndDtypesMapFromPyTorchNames() throws Exception {
    // Linear(3,4) · BatchNorm1d(4) · Residual(LayerNorm(4), fc1 4→5, fc2 5→2, proj 4→2) · Linear(2,2)
    Architecture arch = new Architecture(3, List.of(BlockSpec.dense(4, Activation.RELU),
        BlockSpec.norm(NormKind.BATCH, 4), BlockSpec.residual(2, 5, NormKind.LAYER, Activation.TANH),
        BlockSpec.dense(2, Activation.SOFTMAX)));
    List<T> ts = new ArrayList<>();
    ByteBuffer f16 = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 12; i++) {
      f16.putShort((short) (0x3c00 + i)); // 1 + i/1024
    }
    ts.add(new T("0.weight", "F16", new int[] {4, 3}, f16.array()));
    ByteBuffer f64 = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      f64.putDouble(0.1 * i);
    }
    ts.add(new T("0.bias", "F64", new int[] {4}, f64.array()));
    ts.add(f32("1.weight", new int[] {4}, 1, 2, 3, 4));
    ts.add(f32("1.bias", new int[] {4}, 0, 0, 1, 1));
    ts.add(f32("1.running_mean", new int[] {4}, 0.5f, 0.5f, 0, 0));
    ts.add(f32("1.running_var", new int[] {4}, 2, 2, 1, 1));
    ts.add(new T("1.num_batches_tracked", "I64", new int[0], new byte[] {7, 0, 0, 0, 0, 0, 0, 0}));
    ts.add(f32("2.norm.weight", new int[] {4}, 1, 1, 1, 2));
    ts.add(f32("2.norm.bias", new int[] {4}, 0, 0, 0, 1));
    ts.add(f32("2.fc1.weight", new int[] {5, 4}, seq(20, -1)));
    ts.add(f32("2.fc1.bias", new int[] {5}, seq(5, 0)));
    ts.add(f32("2.fc2.weight", new int[] {2, 5}, seq(10, 1)));
    ts.add(f32("2.fc2.bias", new int[] {2}, 1, 2));
    ts.add(f32("2.proj.weight", new int[] {2, 4}, seq(8, -2))); // nn.Linear(bias=False): no 2.proj.bias
    ts.add(f32("3.weight", new int[] {2, 2}, 1, 0, 0, 1));
    ts.add(f32("3.bias", new int[] {2}, 0, 0));
    Model m = ModelFiles.fromBytes(file(ts), "t", arch);
    Map<String, float[]> v = new java.util.HashMap<>();
    m.tensors().forEach(p -> v.put(p.name(), p.values()));
    assertEquals(1 + 11 / 1024f, v.get("layers.0.weight")[11]);
    assertEquals((float) 0.3, v.get("layers.0.bias")[3]);
    assertArrayEquals(new float[] {2, 2, 1, 1}, v.get("layers.1.running_var"), 0f);
    assertArrayEquals(new float[] {1, 1, 1, 2}, v.get("layers.2.norm.weight"), 0f);
    assertArrayEquals(new float[2], v.get("layers.2.proj.bias"), 0f);
    assertArrayEquals(seq(8, -2), v.get("layers.2.proj.weight"), 0f);
  }

  @Test
  void mismatchesNameTheTensorTheShapeNeededAndTheShapeFound() {
    Architecture arch = Architecture.of(new int[] {3, 4, 2}, "relu", "linear");
    List<T> ok = List.of(f32("0.weight", new int[] {4, 3}, seq(12, 0)), f32("0.bias", new int[] {4}, seq(4, 0)),
        f32("2.weight", new int[] {2, 4}, seq(8, 0)), f32("2.bias", new int[] {2}, 0, 0));
    List<T> transposed = new ArrayList<>(ok);
    transposed.set(0, f32("0.weight", new int[] {3, 4}, seq(12, 0)));
    String m1 = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(file(transposed), "t", arch))
        .getMessage();
    assertTrue(m1.contains("tensor 0.weight has shape [3, 4]") && m1.contains("needs [4, 3]"), m1);
    List<T> extra = new ArrayList<>(ok);
    extra.add(f32("0.scale", new int[] {1}, 1));
    String m2 = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(file(extra), "t", arch))
        .getMessage();
    assertTrue(m2.contains("module '0'") && m2.contains("0.scale [1]"), m2);
    List<T> noWeight = new ArrayList<>(ok.subList(1, 4));
    String m3 = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(file(noWeight), "t", arch))
        .getMessage();
    assertTrue(m3.contains("no tensor 0.weight") && m3.contains("[4, 3]"), m3);
    List<T> nan = new ArrayList<>(ok);
    nan.set(3, f32("2.bias", new int[] {2}, 0, Float.NaN));
    String m4 = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(file(nan), "t", arch))
        .getMessage();
    assertTrue(m4.contains("NaN"), m4);
  }

  @Test
  void vectorgradFilesLoadWithTheirArchitectureAndRefuseAnother() throws Exception {
    Model m = Model.builder(3).dense(4, Activation.RELU).residual(1, NormKind.BATCH).dense(2, Activation.SOFTMAX)
        .build(5);
    byte[] bytes = ModelFiles.toBytes(m);
    Model back = ModelFiles.fromBytes(bytes, "t", m.architecture());
    for (int t = 0; t < m.tensors().size(); t++) {
      assertArrayEquals(m.tensors().get(t).values(), back.tensors().get(t).values(), 0f);
    }
    String msg = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(bytes, "t",
        Architecture.of(new int[] {3, 4, 2}, "relu", "softmax"))).getMessage();
    assertTrue(msg.contains("but the architecture given is"), msg);
  }
}
