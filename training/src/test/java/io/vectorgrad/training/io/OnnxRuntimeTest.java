package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import io.vectorgrad.training.model.Model;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime (Java) is the independent reader: a model exported by {@link OnnxFiles} gives the same
 * outputs there as in vectorgrad (max abs difference ≤ 1e-5 on 1,000 seeded samples), for every block type
 * and activation, and reads back into the same parameters.
 */
class OnnxRuntimeTest {
  static final int SAMPLES = 1000;
  static final double TOLERANCE = 1e-5;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("dense relu, softmax", Model.builder(7).dense(13, Activation.RELU).dense(5, Activation.SOFTMAX)),
        Arguments.of("leaky_relu, sigmoid, linear", Model.builder(6).dense(9, Activation.LEAKY_RELU)
            .dense(8, Activation.SIGMOID).dense(3, Activation.LINEAR)),
        Arguments.of("tanh, sigmoid output", Model.builder(5).dense(17, Activation.TANH).dense(2, Activation.SIGMOID)),
        Arguments.of("layernorm block", Model.builder(6).dense(11, Activation.RELU).layerNorm()
            .dense(4, Activation.SOFTMAX)),
        Arguments.of("batchnorm block", Model.builder(6).dense(11, Activation.TANH).batchNorm()
            .dense(4, Activation.LINEAR)),
        Arguments.of("residual, no norm", Model.builder(6).dense(10, Activation.RELU).residual(2, NormKind.NONE)
            .dense(3, Activation.SOFTMAX)),
        Arguments.of("residual, layer norm", Model.builder(6).dense(10, Activation.TANH)
            .residual(1, NormKind.LAYER, Activation.LEAKY_RELU, 14).dense(3, Activation.LINEAR)),
        Arguments.of("residual, batch norm, projection", Model.builder(6).dense(10, Activation.RELU)
            .block(BlockSpec.residual(7, 12, NormKind.BATCH, Activation.SIGMOID)).dense(3, Activation.SOFTMAX)));
  }

  /** Non-trivial values for every tensor: γ and β away from 1 and 0, running variances positive, fc2 non-zero. */
  static Model randomize(Model m, long seed) {
    Random r = new Random(seed);
    for (Parameter p : m.tensors()) {
      float[] v = p.values();
      for (int i = 0; i < v.length; i++) {
        v[i] = p.name().endsWith("running_var") ? 0.2f + 2 * r.nextFloat() : (float) (r.nextGaussian() * 0.5);
      }
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void onnxRuntimeComputesWhatVectorgradComputes(String name, Model.Builder builder) throws Exception {
    Model model = randomize(builder.build(1), name.hashCode());
    byte[] onnx = OnnxFiles.toBytes(model);
    Random r = new Random(42);
    float[] x = new float[SAMPLES * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 1.5);
    }
    float[] ours = new float[SAMPLES * model.outputSize()];
    model.forward(x, SAMPLES, ours);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(1);
      try (OrtSession s = env.createSession(onnx, opts);
          OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {SAMPLES, model.inputSize()});
          OrtSession.Result result = s.run(Map.of(OnnxFiles.INPUT, in))) {
        assertEquals(List.of(OnnxFiles.INPUT), List.copyOf(s.getInputNames()));
        assertEquals(OnnxFiles.OUTPUT, result.iterator().next().getKey());
        float[][] theirs = (float[][]) result.get(0).getValue();
        assertEquals(SAMPLES, theirs.length);
        double max = 0;
        for (int i = 0; i < SAMPLES; i++) {
          assertEquals(model.outputSize(), theirs[i].length);
          for (int j = 0; j < model.outputSize(); j++) {
            max = Math.max(max, Math.abs(theirs[i][j] - ours[i * model.outputSize() + j]));
          }
        }
        assertTrue(max <= TOLERANCE, name + ": max |ONNX Runtime - vectorgrad| = " + max);
      }
    }
    // and back: the same architecture and bit-identical tensors
    Model back = OnnxFiles.fromBytes(onnx, name);
    assertEquals(model.architecture().toJson(), back.architecture().toJson());
    for (int t = 0; t < model.tensors().size(); t++) {
      assertEquals(model.tensors().get(t).name(), back.tensors().get(t).name());
      assertArrayEquals(model.tensors().get(t).values(), back.tensors().get(t).values(), 0f);
    }
  }
}
