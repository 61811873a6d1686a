package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureJsonTest {
  private static final String JSON = "{\"layers\":[784,256,128,10],\"activations\":[\"relu\",\"relu\",\"softmax\"]}";

  @Test
  void modelArchitectureAndExactJson() {
    Model m = Model.builder(784).dense(256, Activation.RELU).dense(128, Activation.RELU)
        .dense(10, Activation.SOFTMAX).build(1);
    Architecture a = m.architecture();
    assertArrayEquals(new int[] {784, 256, 128, 10}, a.layerSizes());
    assertEquals(List.of("relu", "relu", "softmax"), a.activations());
    assertEquals(JSON, a.toJson());
    assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, m.parameterCount());
    assertEquals(3, m.denseCount());
    assertEquals(256, m.dense(0).outputSize());
    assertEquals(784, m.dense(0).inputSize());
  }

  @Test
  void roundTripAndNewModel() {
    Architecture a = Architecture.fromJson(" { \"activations\" : [\"leaky_relu\", \"sigmoid\"], \"layers\": [3, 4, 1] } ");
    assertEquals("{\"layers\":[3,4,1],\"activations\":[\"leaky_relu\",\"sigmoid\"]}", a.toJson());
    assertEquals(a, Architecture.fromJson(a.toJson()));
    Model m = a.newModel(5);
    assertEquals(a, m.architecture());
    Model same = a.newModel(5);
    assertArrayEquals(m.dense(0).weights(), same.dense(0).weights());
    assertEquals(Activation.LEAKY_RELU, Activation.fromSpec("LEAKY_RELU"));
    for (Activation act : Activation.values()) {
      assertEquals(act, Activation.fromSpec(act.spec()));
    }
  }

  private static void bad(String json, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(json));
    assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
  }

  @Test
  void validationErrors() {
    bad("{\"layers\":[784,10],\"activations\":[\"relu\",\"relu\"]}", "1 Dense layers but 2 activations");
    bad("{\"layers\":[784],\"activations\":[]}", "at least 2 layer sizes");
    bad("{\"layers\":[784,0],\"activations\":[\"relu\"]}", "layer size 0 at index 1");
    bad("{\"layers\":[784,-3],\"activations\":[\"relu\"]}", "layer size -3");
    bad("{\"layers\":[4,2],\"activations\":[\"swish\"]}", "unknown activation 'swish'");
    bad("{\"layers\":[4,2]}", "lacks \"activations\"");
    bad("{\"layers\":[4,2],\"activations\":[\"relu\"],\"extra\":1}", "unknown key \"extra\"");
    bad("{\"layers\":[4,2.5],\"activations\":[\"relu\"]}", "integers");
    bad("{\"layers\":[4,2],\"activations\":[\"relu\"]} trailing", "trailing");
    bad("{\"layers\":[4,2", "text ended");
    bad("{\"layers\":[4,3,2],\"activations\":[\"softmax\",\"relu\"]}", "softmax is only supported as the output");
    bad("{\"layers\":[4,99999999999],\"activations\":[\"relu\"]}", "integer");
    assertThrows(IllegalArgumentException.class, () -> Architecture.fromJson(null));
  }

  @Test
  void builderValidation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.builder(0));
    assertTrue(e.getMessage().contains("inputSize=0"));
    assertThrows(IllegalArgumentException.class, () -> Model.builder(3).dense(0, Activation.RELU));
    assertThrows(IllegalArgumentException.class, () -> Model.builder(3).build(1));
    assertThrows(IllegalArgumentException.class, () -> Model.builder(3).dropout(0.5f));
    assertThrows(IllegalArgumentException.class, () -> Model.builder(3).dense(2, Activation.RELU).dropout(1f));
    IllegalArgumentException last = assertThrows(IllegalArgumentException.class,
        () -> Model.builder(3).dense(2, Activation.RELU).dropout(0.5f).build(1));
    assertTrue(last.getMessage().contains("last Dense layer"));
  }

  @Test
  void initializersAreSeededAndScaled() {
    Model a = Model.builder(400).dense(300, Activation.RELU).dense(10, Activation.SIGMOID).build(9);
    Model b = Model.builder(400).dense(300, Activation.RELU).dense(10, Activation.SIGMOID).build(9);
    assertArrayEquals(a.dense(1).weights(), b.dense(1).weights());
    // He normal: variance 2/fanIn; Xavier uniform: variance 2/(fanIn + fanOut)
    assertEquals(2.0 / 400, variance(a.dense(0).weights()), 0.05 * 2.0 / 400);
    assertEquals(2.0 / 310, variance(a.dense(1).weights()), 0.1 * 2.0 / 310);
    for (float x : a.dense(0).bias()) {
      assertEquals(0f, x);
    }
  }

  private static double variance(float[] w) {
    double s = 0;
    double s2 = 0;
    for (float x : w) {
      s += x;
      s2 += (double) x * x;
    }
    double mean = s / w.length;
    return s2 / w.length - mean * mean;
  }
}
