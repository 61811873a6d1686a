package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.TestData;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Model files of residual, LayerNorm and BatchNorm models: PyTorch-style names, format 2, running statistics. */
class BlockFilesTest {
  static Model trained() {
    Model m = Model.builder(4).dense(6, Activation.RELU).residual(1, NormKind.BATCH).layerNorm()
        .block(Architecture.BlockSpec.residual(5, 3, NormKind.LAYER, Activation.TANH)).dense(3, Activation.SOFTMAX)
        .build(2);
    TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Adam(0.01f), 6, 1);
    for (int i = 0; i < 3; i++) {
      step.step(TestData.randomArray(6 * 4, i, 1), TestData.oneHot(6, 3, i), 6);
    }
    return m;
  }

  @Test
  void namesShapesAndRoundTrip() throws Exception {
    Model m = trained();
    byte[] bytes = ModelFiles.toBytes(m);
    SafeTensors.Contents c = SafeTensors.parse(bytes, "mem");
    Map<String, List<Integer>> shapes = c.tensors().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> java.util.Arrays.stream(e.getValue().shape()).boxed().toList()));
    assertEquals(List.of(6, 4), shapes.get("layers.0.weight"));
    assertEquals(List.of(6), shapes.get("layers.1.norm.running_mean"));
    assertEquals(List.of(6), shapes.get("layers.1.norm.running_var"));
    assertEquals(List.of(6, 6), shapes.get("layers.1.fc1.weight"));
    assertEquals(List.of(6), shapes.get("layers.2.weight"));
    assertEquals(List.of(6), shapes.get("layers.2.bias"));
    assertEquals(List.of(3, 6), shapes.get("layers.3.fc1.weight"));
    assertEquals(List.of(5, 3), shapes.get("layers.3.fc2.weight"));
    assertEquals(List.of(5, 6), shapes.get("layers.3.proj.weight"));
    assertEquals(m.tensors().size(), shapes.size());
    String json = c.metadata().get(ModelFiles.ARCHITECTURE_KEY);
    assertTrue(json.startsWith("{\"version\":2,\"input\":4,\"blocks\":[{\"type\":\"dense\",\"units\":6"), json);
    assertEquals(m.architecture(), Architecture.fromJson(json));

    Model back = ModelFiles.fromBytes(bytes, "mem");
    for (int t = 0; t < m.tensors().size(); t++) {
      Parameter a = m.tensors().get(t);
      Parameter b = back.tensors().get(t);
      assertEquals(a.name(), b.name());
      assertArrayEquals(a.values(), b.values(), a.name());
    }
    float[] x = TestData.randomArray(3 * 4, 9, 1);
    float[] y1 = new float[9];
    float[] y2 = new float[9];
    m.forward(x, 3, y1);
    back.forward(x, 3, y2);
    assertArrayEquals(y1, y2);
  }

  @Test
  void missingRunningStatisticsAndFutureVersionsAreRefused() {
    Model m = trained();
    List<SafeTensors.Tensor> ts = new java.util.ArrayList<>();
    for (Parameter p : m.tensors()) {
      if (!p.name().endsWith("running_var")) {
        ts.add(new SafeTensors.Tensor(p.name(), p.shape(), p.values()));
      }
    }
    byte[] bytes = SafeTensors.toBytes(ts, Map.of(ModelFiles.ARCHITECTURE_KEY, m.architecture().toJson()));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(bytes, "f"));
    assertTrue(e.getMessage().contains("layers.1.norm.running_var is missing"), e.getMessage());
    List<SafeTensors.Tensor> neg = new java.util.ArrayList<>();
    for (Parameter p : m.tensors()) {
      float[] v = p.values().clone();
      if (p.name().endsWith("running_var")) {
        v[2] = -1f;
      }
      neg.add(new SafeTensors.Tensor(p.name(), p.shape(), v));
    }
    byte[] negative = SafeTensors.toBytes(neg, Map.of(ModelFiles.ARCHITECTURE_KEY, m.architecture().toJson()));
    ModelFileException ne = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(negative, "g"));
    assertTrue(ne.getMessage().contains("layers.1.norm.running_var holds the negative variance -1.0 at element 2"),
        ne.getMessage());
    String future = m.architecture().toJson().replace("\"version\":2", "\"version\":3");
    IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(future));
    assertTrue(v.getMessage().contains("format version 3 is not supported"), v.getMessage());
    IllegalArgumentException last = assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
        "{\"version\":2,\"input\":3,\"blocks\":[{\"type\":\"dense\",\"units\":4,\"activation\":\"relu\"},"
            + "{\"type\":\"layernorm\"}]}"));
    assertTrue(last.getMessage().contains("last block must be a Dense layer"), last.getMessage());
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(
        "{\"version\":2,\"input\":3,\"blocks\":[{\"type\":\"dense\",\"units\":4,\"activation\":\"relu\",\"x\":1}]}"));
    assertTrue(key.getMessage().contains("unknown key \"x\""), key.getMessage());
  }

  @Test
  void cliShapeWithResidualBlocks() {
    io.vectorgrad.training.spec.ModelSpec spec = io.vectorgrad.training.spec.ModelSpec.forLoss(
        new int[] {784, 256, 10}, Activation.RELU, io.vectorgrad.training.spec.LossPairing.SOFTMAX_CE)
        .withBlocks(32, NormKind.LAYER);
    Architecture a = spec.build(1).architecture();
    assertEquals(34, a.blockCount());
    assertEquals(Architecture.Kind.RESIDUAL, a.blocks().get(1).kind());
    assertEquals(256, a.blocks().get(32).hidden());
    assertEquals(Model.builder(784).dense(256, Activation.RELU).residual(32, NormKind.LAYER)
        .dense(10, Activation.SOFTMAX).architecture(), a);
    Architecture normed = io.vectorgrad.training.spec.ModelSpec.forLoss(new int[] {3, 4, 2}, Activation.RELU,
        io.vectorgrad.training.spec.LossPairing.SOFTMAX_CE).withBlocks(0, NormKind.BATCH).build(1).architecture();
    assertEquals(Model.builder(3).dense(4, Activation.RELU).batchNorm().dense(2, Activation.SOFTMAX).architecture(),
        normed, "without residual blocks a norm follows every hidden Dense layer");
    assertThrows(IllegalArgumentException.class, () -> io.vectorgrad.training.spec.ModelSpec.forLoss(
        new int[] {3, 2}, Activation.RELU, io.vectorgrad.training.spec.LossPairing.SOFTMAX_CE)
        .withBlocks(2, NormKind.LAYER));
  }

  @Test
  void aFileTooSmallForItsArchitectureIsRefusedBeforeAllocating() {
    String arch = "{\"layers\":[46000,46000,2],\"activations\":[\"relu\",\"softmax\"]}";
    byte[] file = io.vectorgrad.training.io.SafeTensors.toBytes(java.util.List.of(),
        java.util.Map.of(ModelFiles.ARCHITECTURE_KEY, arch));
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.fromBytes(file, "tiny.st"));
    assertTrue(e.getMessage().contains("needs at least 2116092000 floats"), e.getMessage());
  }
}
