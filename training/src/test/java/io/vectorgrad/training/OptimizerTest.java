package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.AdamW;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.LearningRateSchedule;
import io.vectorgrad.training.optim.Momentum;
import io.vectorgrad.training.optim.Optimizer;
import io.vectorgrad.training.spec.OptimizerSpec;
import io.vectorgrad.training.optim.Sgd;
import org.junit.jupiter.api.Test;

/** Optimizer updates, schedules and clipping against values computed by hand (see comments). */
class OptimizerTest {
  private static final float[] G1 = {0.2f, -0.4f, 0.05f};
  private static final float[] G2 = {-0.1f, 0.3f, 0.0f};

  /** A 2→1 linear model with w = [0.5, −0.3], b = 0.1. */
  private static Model model() {
    Model m = Model.builder(2).dense(1, Activation.LINEAR).build(0);
    m.dense(0).weights()[0] = 0.5f;
    m.dense(0).weights()[1] = -0.3f;
    m.dense(0).bias()[0] = 0.1f;
    return m;
  }

  private static void setGrad(Model m, float[] g) {
    Dense d = m.dense(0);
    d.weightGradients()[0] = g[0];
    d.weightGradients()[1] = g[1];
    d.biasGradients()[0] = g[2];
  }

  private static float[] params(Model m) {
    Dense d = m.dense(0);
    return new float[] {d.weights()[0], d.weights()[1], d.bias()[0]};
  }

  private static float[][] twoSteps(Optimizer opt, float[] g1, float[] g2) {
    Model m = model();
    setGrad(m, g1);
    opt.step(m, 0.1f);
    float[] p1 = params(m);
    setGrad(m, g2);
    opt.step(m, 0.1f);
    return new float[][] {p1, params(m)};
  }

  @Test
  void sgd() {
    float[][] p = twoSteps(new Sgd(0.1f), G1, G1);
    // p − 0.1·g, twice
    assertArrayEquals(new float[] {0.48f, -0.26f, 0.095f}, p[0], 1e-7f);
    assertArrayEquals(new float[] {0.46f, -0.22f, 0.09f}, p[1], 1e-7f);
  }

  @Test
  void momentum() {
    float[][] p = twoSteps(new Momentum(0.1f, 0.9f, false), G1, G1);
    // v1 = g: p1 = p − 0.1 g; v2 = 1.9 g: p2 = p1 − 0.19 g
    assertArrayEquals(new float[] {0.48f, -0.26f, 0.095f}, p[0], 1e-7f);
    assertArrayEquals(new float[] {0.442f, -0.184f, 0.0855f}, p[1], 1e-6f);
  }

  @Test
  void nesterov() {
    float[][] p = twoSteps(new Momentum(0.1f, 0.9f, true), G1, G1);
    // p1 = p − 0.1·(g + 0.9·g) = p − 0.19 g; p2 = p1 − 0.1·(g + 0.9·1.9 g) = p1 − 0.271 g
    assertArrayEquals(new float[] {0.462f, -0.224f, 0.0905f}, p[0], 1e-6f);
    assertArrayEquals(new float[] {0.4078f, -0.1156f, 0.07695f}, p[1], 1e-6f);
  }

  @Test
  void adam() {
    float[][] p = twoSteps(new Adam(0.1f), G1, G2);
    // Step 1: bias-corrected m̂ = g, v̂ = g², so p moves by lr·sign(g) (ε aside). Step 2 from the
    // reference computation in double (PyTorch's formula).
    assertArrayEquals(new float[] {0.4f, -0.2f, 2e-8f}, p[0], 1e-6f);
    assertArrayEquals(new float[] {0.37336630f, -0.19106750f, -0.06700579f}, p[1], 2e-6f);
  }

  @Test
  void adamW() {
    float[][] p = twoSteps(new AdamW(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f), G1, G2);
    // p·(1 − lr·λ) = p·0.99 before each Adam update
    assertArrayEquals(new float[] {0.395f, -0.197f, -0.00099998f}, p[0], 1e-6f);
    assertArrayEquals(new float[] {0.36441630f, -0.18609750f, -0.06799579f}, p[1], 2e-6f);
  }

  @Test
  void lifecycleResetAndRebind() {
    Momentum opt = new Momentum(0.1f, 0.9f, false);
    Model m = model();
    setGrad(m, G1);
    opt.step(m, 0.1f);
    assertEquals(1, opt.steps());
    opt.reset();
    assertEquals(0, opt.steps());
    Model fresh = model();
    setGrad(fresh, G1);
    opt.step(fresh, 0.1f); // re-binds: behaves like a first step
    assertArrayEquals(new float[] {0.48f, -0.26f, 0.095f}, params(fresh), 1e-7f);
  }

  @Test
  void fromSpec() {
    assertEquals("sgd", OptimizerSpec.parse("sgd").create(0.1, Double.NaN).spec());
    assertEquals("nesterov", OptimizerSpec.parse("nesterov").create(0.1, Double.NaN).spec());
    assertEquals("adamw", OptimizerSpec.parse("AdamW").create(0.1, Double.NaN).spec());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("rmsprop"));
    assertTrue(e.getMessage().contains("rmsprop"));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(-1f));
  }

  @Test
  void learningRateSchedules() {
    assertEquals(0.5f, LearningRateSchedule.constant().rate(0.5f, 1000));
    LearningRateSchedule step = LearningRateSchedule.step(10, 0.5);
    assertEquals(1f, step.rate(1f, 9));
    assertEquals(0.5f, step.rate(1f, 10));
    assertEquals(0.25f, step.rate(1f, 25));
    assertEquals(0.81f, LearningRateSchedule.exponential(0.9).rate(1f, 2), 1e-6f);
    LearningRateSchedule cos = LearningRateSchedule.cosine(100, 0.1);
    assertEquals(1f, cos.rate(1f, 0), 1e-6f);
    assertEquals(0.55f, cos.rate(1f, 50), 1e-6f); // 0.1 + 0.9·(1 + cos(π/2))/2
    assertEquals(0.1f, cos.rate(1f, 100), 1e-6f);
    assertEquals(0.1f, cos.rate(1f, 500), 1e-6f);
    LearningRateSchedule warm = LearningRateSchedule.cosine(100, 0).withWarmup(4);
    assertEquals(0.25f, warm.rate(1f, 0), 1e-7f);
    assertEquals(1f, warm.rate(1f, 3), 1e-7f);
    assertEquals(1f, warm.rate(1f, 4), 1e-7f);
    assertEquals(0.5f, warm.rate(1f, 54), 1e-6f);
    LearningRateSchedule parsed = LearningRateSchedule.fromSpec("step:10:0.5,warmup:5");
    assertEquals(0.2f, parsed.rate(1f, 0), 1e-7f);
    assertEquals(0.5f, parsed.rate(1f, 15), 1e-7f);
    assertEquals("step:10:0.5,warmup:5", parsed.spec());
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.fromSpec("cosine"));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.fromSpec("linear:3"));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
  }

  @Test
  void clipByValue() {
    Model m = model();
    setGrad(m, new float[] {3f, -0.5f, -7f});
    GradientClipping.byValue(1f).apply(m);
    assertArrayEquals(new float[] {1f, -0.5f, -1f},
        new float[] {m.dense(0).weightGradients()[0], m.dense(0).weightGradients()[1], m.dense(0).biasGradients()[0]});
  }

  @Test
  void clipByGlobalNorm() {
    Model m = model();
    setGrad(m, new float[] {3f, 0f, 4f}); // norm 5
    assertEquals(5.0, GradientClipping.globalNorm(m), 1e-6);
    GradientClipping.byGlobalNorm(1f).apply(m);
    assertEquals(0.6f, m.dense(0).weightGradients()[0], 1e-6f);
    assertEquals(0.8f, m.dense(0).biasGradients()[0], 1e-6f);
    setGrad(m, new float[] {0.3f, 0f, 0.4f}); // below the limit: unchanged
    GradientClipping.byGlobalNorm(1f).apply(m);
    assertEquals(0.3f, m.dense(0).weightGradients()[0]);
    assertEquals("norm:1.0", GradientClipping.fromSpec("norm:1").spec());
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(0f));
  }

  /**
   * A model above the optimizer's parallel threshold (300·257 + 3·257 parameters, tensors not multiples of
   * the block size), seeded gradients, three steps: the same bits on 1, 2 and 3 threads and, for every
   * optimizer, the same bits as a step on one thread (whose blocks partition each tensor).
   */
  @Test
  void parallelStepIsBitIdenticalForAnyThreadCount() {
    Optimizer[][] opts = {
      {new Sgd(0.05f, 0.01f), new Sgd(0.05f, 0.01f), new Sgd(0.05f, 0.01f)},
      {new Momentum(0.05f, true), new Momentum(0.05f, true), new Momentum(0.05f, true)},
      {new Adam(0.01f), new Adam(0.01f), new Adam(0.01f)},
      {new AdamW(0.01f), new AdamW(0.01f), new AdamW(0.01f)},
    };
    for (Optimizer[] sameKind : opts) {
      int[][] bits = new int[3][];
      for (int threads = 1; threads <= 3; threads++) {
        Model m = Model.builder(300).dense(257, Activation.RELU).dense(3, Activation.LINEAR).build(7);
        assertTrue(m.parameterCount() >= io.vectorgrad.training.optim.AbstractOptimizer.PARALLEL_MIN_ELEMENTS,
            "model too small to run the parallel path");
        java.util.Random rnd = new java.util.Random(11);
        Optimizer opt = sameKind[threads - 1];
        for (int step = 0; step < 3; step++) {
          for (int l = 0; l < m.denseCount(); l++) {
            for (float[] g : new float[][] {m.dense(l).weightGradients(), m.dense(l).biasGradients()}) {
              for (int i = 0; i < g.length; i++) {
                g[i] = (float) rnd.nextGaussian();
              }
            }
          }
          opt.step(m, 0.01f, threads);
        }
        int[] b = new int[m.parameterCount()];
        int o = 0;
        for (int l = 0; l < m.denseCount(); l++) {
          for (float[] v : new float[][] {m.dense(l).weights(), m.dense(l).bias()}) {
            for (float x : v) {
              b[o++] = Float.floatToRawIntBits(x);
            }
          }
        }
        bits[threads - 1] = b;
      }
      assertArrayEquals(bits[0], bits[1], sameKind[0].spec() + ": 2 threads");
      assertArrayEquals(bits[0], bits[2], sameKind[0].spec() + ": 3 threads");
      assertTrue(bits[0][0] != Float.floatToRawIntBits(0f), sameKind[0].spec() + ": the step changed nothing");
    }
  }
}
