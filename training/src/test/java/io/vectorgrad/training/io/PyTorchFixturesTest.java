package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.json.Json;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files PyTorch wrote ({@code benchmarks/compare/make_fixtures.py}): vectorgrad's outputs on the stored
 * seeded inputs equal PyTorch's (to float rounding of a different summation order, ≤ 1e-5) and so do its
 * predictions.
 */
class PyTorchFixturesTest {
  static final double TOLERANCE = 1e-5;
  static final Architecture MLP = Architecture.of(new int[] {8, 12, 12, 10, 10, 8, 4}, "relu", "relu", "relu", "relu",
      "relu", "linear");

  @TempDir
  Path dir;

  static byte[] resource(String name) throws IOException {
    try (InputStream in = PyTorchFixturesTest.class.getResourceAsStream("pytorch/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource pytorch/" + name);
      }
      return in.readAllBytes();
    }
  }

  static Map<?, ?> expected() throws IOException {
    return (Map<?, ?>) Json.parse(new String(resource("expected.json"), StandardCharsets.UTF_8));
  }

  static float[] matrix(Object rows) {
    List<?> r = (List<?>) rows;
    int cols = ((List<?>) r.get(0)).size();
    float[] m = new float[r.size() * cols];
    for (int i = 0; i < r.size(); i++) {
      for (int j = 0; j < cols; j++) {
        m[i * cols + j] = ((Number) ((List<?>) r.get(i)).get(j)).floatValue();
      }
    }
    return m;
  }

  Path file(String name) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, resource(name));
    return f;
  }

  static void assertSameOutputs(Model m, String key) throws IOException {
    Map<?, ?> e = expected();
    float[] x = matrix(e.get("inputs"));
    float[] want = matrix(e.get(key));
    int rows = x.length / m.inputSize();
    float[] got = new float[rows * m.outputSize()];
    m.forward(x, rows, got);
    assertEquals(want.length, got.length);
    for (int i = 0; i < got.length; i++) {
      assertEquals(want[i], got[i], TOLERANCE, key + " element " + i);
    }
    for (int r = 0; r < rows; r++) {
      assertEquals(Model.predictedClass(want, r * m.outputSize(), m.outputSize()),
          Model.predictedClass(got, r * m.outputSize(), m.outputSize()), key + " row " + r);
    }
  }

  @Test
  void f32StateDictGivesPyTorchsOutputs() throws IOException {
    assertSameOutputs(ModelFiles.load(file("mlp-f32.safetensors"), MLP), "mlp-f32");
  }

  @Test
  void bf16StateDictGivesPyTorchsOutputsOfTheRoundedWeights() throws IOException {
    SafeTensors.Contents c = SafeTensors.read(file("mlp-bf16.safetensors"));
    assertEquals("BF16", c.get("10.weight").dtype());
    assertSameOutputs(ModelFiles.load(file("mlp-bf16.safetensors"), MLP), "mlp-bf16");
  }

  @Test
  void torchOnnxExportGivesPyTorchsOutputs() throws IOException {
    Model m = OnnxFiles.load(file("mlp.onnx"));
    assertEquals(Architecture.of(new int[] {8, 12, 12, 10, 10, 8, 4}, "relu", "relu", "relu", "relu", "relu",
        "softmax").toJson(), m.architecture().toJson());
    assertSameOutputs(m, "mlp.onnx");
  }

  @ParameterizedTest
  @ValueSource(strings = {"blocks.onnx", "blocks13.onnx"})
  void torchOnnxExportOfEveryBlockTypeGivesPyTorchsOutputs(String name) throws IOException {
    Model m = OnnxFiles.load(file(name));
    Architecture want = new Architecture(8, List.of(BlockSpec.dense(16, Activation.LEAKY_RELU),
        BlockSpec.norm(NormKind.LAYER, 16),
        BlockSpec.residual(16, 24, NormKind.LAYER, Activation.TANH),
        BlockSpec.residual(12, 16, NormKind.NONE, Activation.TANH), BlockSpec.norm(NormKind.BATCH, 12),
        BlockSpec.dense(4, Activation.SOFTMAX)));
    assertEquals(want.toJson(), m.architecture().toJson());
    assertSameOutputs(m, "blocks.onnx");
    // and vectorgrad's own export of it runs the same
    assertSameOutputs(OnnxFiles.fromBytes(OnnxFiles.toBytes(m), name), "blocks.onnx");
  }

  @Test
  void aWrongArchitectureIsExplained() throws IOException {
    Path f = file("mlp-f32.safetensors");
    String shape = assertThrows(ModelFileException.class, () -> ModelFiles.load(f, Architecture.of(
        new int[] {8, 12, 12, 10, 10, 8, 5}, "relu", "relu", "relu", "relu", "relu", "linear"))).getMessage();
    assertTrue(shape.contains("tensor 10.weight has shape [4, 8]") && shape.contains("needs [5, 8]"), shape);
    String fewer = assertThrows(ModelFileException.class, () -> ModelFiles.load(f, Architecture.of(
        new int[] {8, 12, 12, 10, 10, 8}, "relu", "relu", "relu", "relu", "linear"))).getMessage();
    assertTrue(fewer.contains("leftover tensors: ") && fewer.contains("10.weight [4, 8]") && fewer.contains("10.bias [4]"),
        fewer);
    String more = assertThrows(ModelFileException.class, () -> ModelFiles.load(f, Architecture.of(
        new int[] {8, 12, 12, 10, 10, 8, 4, 3}, "relu", "relu", "relu", "relu", "relu", "relu", "linear")))
        .getMessage();
    assertTrue(more.contains("needs 7 modules") && more.contains("the file has 6"), more);
    String noArch = assertThrows(ModelFileException.class, () -> ModelFiles.load(f)).getMessage();
    assertTrue(noArch.contains("--layers"), noArch);
  }
}
