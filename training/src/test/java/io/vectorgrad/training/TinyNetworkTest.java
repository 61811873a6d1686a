package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Sgd;
import io.vectorgrad.training.trainer.TrainingStep;
import org.junit.jupiter.api.Test;

/**
 * A 2-2-1 sigmoid network with MSE, worked by hand: x = [1, 2], y = 1, W1 = [[0.1, 0.2], [0.3, 0.4]],
 * b1 = [0.1, −0.1], W2 = [0.5, −0.5], b2 = 0.2.
 * <pre>
 *   z1 = [0.6, 1.0], a1 = σ(z1) = [0.645656306, 0.731058579]
 *   z2 = 0.5·0.645656 − 0.5·0.731059 + 0.2 = 0.157298864, a2 = σ(z2) = 0.539243832
 *   L = ½(a2 − 1)² = 0.106148123
 *   δ2 = (a2 − 1)·a2·(1 − a2) = −0.114479441; dW2 = δ2·a1 = [−0.073914373, −0.083691178]; db2 = δ2
 *   δ1 = W2ᵀδ2 ⊙ a1(1 − a1) = [−0.013095546, 0.011254012]; dW1 = δ1·xᵀ; db1 = δ1
 * </pre>
 */
class TinyNetworkTest {
  private static Model tiny() {
    Model m = Model.builder(2).dense(2, Activation.SIGMOID).dense(1, Activation.SIGMOID).build(0);
    float[] w1 = m.dense(0).weights();
    w1[0] = 0.1f;
    w1[1] = 0.2f;
    w1[2] = 0.3f;
    w1[3] = 0.4f;
    m.dense(0).bias()[0] = 0.1f;
    m.dense(0).bias()[1] = -0.1f;
    m.dense(1).weights()[0] = 0.5f;
    m.dense(1).weights()[1] = -0.5f;
    m.dense(1).bias()[0] = 0.2f;
    return m;
  }

  @Test
  void forwardMatchesHand() {
    Model m = tiny();
    float[] out = new float[1];
    m.forward(new float[] {1f, 2f}, 1, out);
    assertEquals(0.539243832f, out[0], 1e-6f);
  }

  @Test
  void backwardMatchesHand() {
    Model m = tiny();
    TrainingStep step = new TrainingStep(m, MeanSquaredError.INSTANCE, new Sgd(1f), 1, 1);
    double loss = step.computeGradients(new float[] {1f, 2f}, new float[] {1f}, 1);
    assertEquals(0.106148123, loss, 1e-6);
    float[] dW2 = m.dense(1).weightGradients();
    assertEquals(-0.073914373f, dW2[0], 1e-6f);
    assertEquals(-0.083691178f, dW2[1], 1e-6f);
    assertEquals(-0.114479441f, m.dense(1).biasGradients()[0], 1e-6f);
    float[] dW1 = m.dense(0).weightGradients();
    assertEquals(-0.013095546f, dW1[0], 1e-6f);
    assertEquals(-0.026191092f, dW1[1], 1e-6f);
    assertEquals(0.011254012f, dW1[2], 1e-6f);
    assertEquals(0.022508024f, dW1[3], 1e-6f);
    assertEquals(-0.013095546f, m.dense(0).biasGradients()[0], 1e-6f);
    assertEquals(0.011254012f, m.dense(0).biasGradients()[1], 1e-6f);
    // per-layer norms: ‖[dW1, db1]‖ and ‖[dW2, db2]‖
    double n2 = Math.sqrt(0.073914373 * 0.073914373 + 0.083691178 * 0.083691178 + 0.114479441 * 0.114479441);
    assertEquals(n2, step.layerGradientNorms()[1], 1e-6);
  }

  @Test
  void batchGradientIsTheMeanOfSampleGradients() {
    // Two identical rows must give exactly the single-row gradient (the 1/m).
    Model m = tiny();
    TrainingStep step = new TrainingStep(m, MeanSquaredError.INSTANCE, new Sgd(1f), 2, 1);
    step.computeGradients(new float[] {1f, 2f, 1f, 2f}, new float[] {1f, 1f}, 2);
    assertEquals(-0.073914373f, m.dense(1).weightGradients()[0], 1e-6f);
    assertEquals(-0.013095546f, m.dense(0).biasGradients()[0], 1e-6f);
  }

  @Test
  void sgdStepMovesAgainstTheGradient() {
    Model m = tiny();
    TrainingStep step = new TrainingStep(m, MeanSquaredError.INSTANCE, new Sgd(0.5f), 1, 1);
    step.step(new float[] {1f, 2f}, new float[] {1f}, 1);
    assertEquals(0.5f + 0.5f * 0.073914373f, m.dense(1).weights()[0], 1e-6f);
    assertEquals(0.2f + 0.5f * 0.114479441f, m.dense(1).bias()[0], 1e-6f);
    assertEquals(1, step.steps());
  }
}
