package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir
  Path dir;

  static Model small(long seed) {
    Model m = Model.builder(3).dense(4, Activation.TANH).dense(2, Activation.SOFTMAX).build(seed);
    for (int i = 0; i < m.denseCount(); i++) {
      float[] b = m.dense(i).bias();
      for (int j = 0; j < b.length; j++) {
        b[j] = 0.125f * (j + 1) * (i + 1); // non-zero biases, so a lost bias shows
      }
    }
    return m;
  }

  static void assertSameParameters(Model a, Model b) {
    assertEquals(a.architecture().toJson(), b.architecture().toJson());
    assertEquals(a.denseCount(), b.denseCount());
    for (int i = 0; i < a.denseCount(); i++) {
      assertArrayEquals(a.dense(i).weights(), b.dense(i).weights());
      assertArrayEquals(a.dense(i).bias(), b.dense(i).bias());
    }
  }

  @Test
  void saveLoadRoundTripIsBitExact() throws IOException {
    Model m = small(5);
    Path p = dir.resolve("m.safetensors");
    ModelFiles.save(m, p);
    Model back = ModelFiles.load(p);
    assertSameParameters(m, back);
    float[] x = {0.5f, -1f, 2f, 1f, 0f, -0.25f};
    float[] y1 = new float[4];
    float[] y2 = new float[4];
    m.forward(x, 2, y1);
    back.forward(x, 2, y2);
    assertArrayEquals(y1, y2);
  }

  /** A file as another tool might write it: different key order, extra metadata, whitespace, own offsets. */
  @Test
  void loadsForeignFileBuiltByHand() throws IOException {
    float[] w0 = {1, 2, 3, 4, 5, 6}; // [2, 3]
    float[] b0 = {0.5f, -0.5f};
    float[] w1 = {7, 8}; // [1, 2]
    float[] b1 = {9};
    String arch = "{ \\\"activations\\\": [\\\"relu\\\", \\\"sigmoid\\\"], \\\"layers\\\": [3, 2, 1] }";
    // data order: b1, w0, b0, w1 (not the order vectorgrad writes)
    String header = "{\n  \"layers.1.weight\": {\"shape\": [1, 2], \"data_offsets\": [36, 44], \"dtype\": \"F32\"},\n"
        + "  \"__metadata__\": {\"format\": \"pt\", \"vectorgrad.architecture\": \"" + arch + "\"},\n"
        + "  \"layers.0.bias\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [28, 36]},\n"
        + "  \"layers.1.bias\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},\n"
        + "  \"layers.0.weight\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [4, 28]}\n}      ";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 44).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    for (float[] part : new float[][] {b1, w0, b0, w1}) {
      for (float f : part) {
        b.putFloat(f);
      }
    }
    Path p = dir.resolve("foreign.safetensors");
    Files.write(p, b.array());
    Model m = ModelFiles.load(p);
    assertArrayEquals(new int[] {3, 2, 1}, m.architecture().layerSizes());
    assertEquals(Arrays.asList("relu", "sigmoid"), m.architecture().activations());
    assertArrayEquals(w0, m.dense(0).weights());
    assertArrayEquals(b0, m.dense(0).bias());
    assertArrayEquals(w1, m.dense(1).weights());
    assertArrayEquals(b1, m.dense(1).bias());
  }

  @Test
  void mismatchedFilesAreRejectedWithTheReason() throws IOException {
    Model m = small(1);
    byte[] good = ModelFiles.toBytes(m);
    // truncated anywhere → exception, never a model
    for (int cut : new int[] {0, 7, 8, 50, good.length / 2, good.length - 1}) {
      assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(Arrays.copyOf(good, cut), "cut"));
    }
    SafeTensors.Contents c = SafeTensors.parse(good, "good");
    // wrong shape
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(
        SafeTensors.toBytes(java.util.List.of(c.get("layers.0.weight"), c.get("layers.0.bias"),
            new SafeTensors.Tensor("layers.1.weight", new int[] {4, 2}, c.get("layers.1.weight").data()),
            c.get("layers.1.bias")), c.metadata()), "shape"));
    assertTrue(e.getMessage().contains("layers.1.weight has shape [4, 2], the architecture needs [2, 4]"),
        e.getMessage());
    // missing tensor
    e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(SafeTensors.toBytes(java.util.List.of(
        c.get("layers.0.weight"), c.get("layers.0.bias"), c.get("layers.1.weight")), c.metadata()), "missing"));
    assertTrue(e.getMessage().contains("layers.1.bias is missing"), e.getMessage());
    // extra tensor
    java.util.List<SafeTensors.Tensor> more = new java.util.ArrayList<>(c.tensors().values());
    more.add(new SafeTensors.Tensor("layers.2.weight", new int[] {1}, new float[] {1}));
    e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(SafeTensors.toBytes(more, c.metadata()),
        "extra"));
    assertTrue(e.getMessage().contains("layers.2.weight"), e.getMessage());
    // no architecture
    e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(
        SafeTensors.toBytes(java.util.List.copyOf(c.tensors().values()), java.util.Map.of("format", "pt")), "noarch"));
    assertTrue(e.getMessage().contains("vectorgrad.architecture"), e.getMessage());
    // bad architecture JSON
    e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(SafeTensors.toBytes(
        java.util.List.copyOf(c.tensors().values()), java.util.Map.of(ModelFiles.ARCHITECTURE_KEY, "{\"layers\":[3")),
        "badarch"));
    assertTrue(e.getMessage().contains("bad vectorgrad.architecture"), e.getMessage());
    // NaN parameter
    float[] nan = c.get("layers.0.bias").data().clone();
    nan[1] = Float.NaN;
    e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(SafeTensors.toBytes(java.util.List.of(
        c.get("layers.0.weight"), new SafeTensors.Tensor("layers.0.bias", new int[] {4}, nan),
        c.get("layers.1.weight"), c.get("layers.1.bias")), c.metadata()), "nan"));
    assertTrue(e.getMessage().contains("NaN at element 1"), e.getMessage());
  }

  @Test
  void saveReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path p = dir.resolve("model.safetensors");
    ModelFiles.save(small(1), p);
    Model second = small(2);
    ModelFiles.save(second, p);
    assertSameParameters(second, ModelFiles.load(p));
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
  }
}
