package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Sgd;
import io.vectorgrad.training.serve.Predictor;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PredictorTest {
  private static final int IN = 20;
  private static final int OUT = 5;

  private static Model model() {
    return Model.builder(IN).dense(33, Activation.RELU).dense(17, Activation.TANH).dense(OUT, Activation.SOFTMAX)
        .build(12);
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }

  @Test
  void bitIdenticalToTrainingForward() {
    Model m = model();
    int rows = 9;
    float[] x = TestData.randomArray(rows * IN, 3, 2);
    TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Sgd(0.1f), rows, 1);
    step.computeGradients(x, TestData.oneHot(rows, OUT, 1), rows);
    float[] trainingOut = java.util.Arrays.copyOf(step.output(), rows * OUT);

    Predictor p = new Predictor(m, 16, 1);
    float[] out = new float[rows * OUT];
    p.predictBatch(x, rows, out);
    assertArrayEquals(bits(trainingOut), bits(out));

    float[] viaModel = new float[rows * OUT];
    m.forward(x, rows, viaModel);
    assertArrayEquals(bits(trainingOut), bits(viaModel));

    // single-sample path equals the one-row training forward
    float[] one = java.util.Arrays.copyOf(x, IN);
    TrainingStep single = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Sgd(0.1f), 1, 1);
    single.computeGradients(one, TestData.oneHot(1, OUT, 1), 1);
    float[] o1 = new float[OUT];
    p.predict(one, o1);
    assertArrayEquals(bits(java.util.Arrays.copyOf(single.output(), OUT)), bits(o1));
    float sum = 0;
    for (float v : o1) {
      sum += v;
    }
    assertEquals(1f, sum, 1e-5f);
  }

  @Test
  void concurrentCallersGetTheSameAnswers() throws Exception {
    Model m = model();
    Predictor p = new Predictor(m);
    int samples = 64;
    float[] x = TestData.randomArray(samples * IN, 8, 1);
    float[] expected = new float[samples * OUT];
    for (int s = 0; s < samples; s++) {
      float[] o = new float[OUT];
      p.predict(java.util.Arrays.copyOfRange(x, s * IN, (s + 1) * IN), o);
      System.arraycopy(o, 0, expected, s * OUT, OUT);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Callable<float[]> job = () -> {
          float[] in = new float[IN];
          float[] o = new float[OUT];
          float[] got = new float[samples * OUT];
          for (int rep = 0; rep < 50; rep++) {
            for (int s = 0; s < samples; s++) {
              System.arraycopy(x, s * IN, in, 0, IN);
              p.predict(in, o);
              System.arraycopy(o, 0, got, s * OUT, OUT);
            }
          }
          return got;
        };
        futures.add(pool.submit(job));
      }
      for (Future<float[]> f : futures) {
        assertArrayEquals(bits(expected), bits(f.get()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void warmCallsAllocateNothing() {
    assertWarmCallsAllocateNothing(new Predictor(model()));
  }

  /** Warm single-row and 8-row calls allocate nothing (measured as {@link Allocations} does, over windows). */
  private static void assertWarmCallsAllocateNothing(Predictor p) {
    float[] in = TestData.randomArray(IN * 8, 1, 1);
    float[] out = new float[OUT * 8];
    Allocations.assertWarmAllocatesNothing(() -> {
      p.predict(in, out);
      p.predictBatch(in, 8, out);
    }, 20000, 1000, "pairs of predictor calls");
  }

  @Test
  void warmUpChangesNoResult() {
    Model m = model();
    Predictor p = new Predictor(m, 16, 1);
    float[] x = TestData.randomArray(16 * IN, 21, 2);
    int[][] before = new int[17][];
    for (int rows : new int[] {1, 5, 16}) {
      float[] o = new float[rows * OUT];
      p.predictBatch(x, rows, o);
      before[rows] = bits(o);
    }
    float[] params = m.dense(0).weights().clone();
    Predictor.WarmUpReport report = p.warmUp(java.time.Duration.ofSeconds(5));
    assertTrue(report.calls() > 0 && report.rows() >= report.calls(), report.toString());
    assertArrayEquals(bits(params), bits(m.dense(0).weights()), "warm-up changed the parameters");
    for (int rows : new int[] {1, 5, 16}) {
      float[] o = new float[rows * OUT];
      p.predictBatch(x, rows, o);
      assertArrayEquals(before[rows], bits(o), rows + " rows after warm-up");
    }
    // a second predictor on the same model computes the same bits without warm-up
    float[] o = new float[5 * OUT];
    new Predictor(m, 16, 1).predictBatch(x, 5, o);
    assertArrayEquals(before[5], bits(o));
  }

  @Test
  void warmUpLeavesWarmCallsAllocationFree() {
    Predictor p = new Predictor(model(), 8, 1);
    p.warmUp(java.time.Duration.ofSeconds(5));
    assertWarmCallsAllocateNothing(p);
  }

  @Test
  void warmUpRejectsABadBudget() {
    Predictor p = new Predictor(model(), 4, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.warmUp(java.time.Duration.ZERO));
    assertTrue(e.getMessage().contains("expected a positive duration"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> p.warmUp(java.time.Duration.ofMillis(-1)));
    assertThrows(NullPointerException.class, () -> p.warmUp(null));
  }

  @Test
  void rejectsBadShapes() {
    Predictor p = new Predictor(model(), 4, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.predict(new float[IN - 1], new float[OUT]));
    assertTrue(e.getMessage().contains("expected rows×inputSize = 1×20"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> p.predict(new float[IN], new float[OUT - 1]));
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> p.predictBatch(new float[IN * 5], 5, new float[OUT * 5]));
    assertTrue(big.getMessage().contains("1..4"), big.getMessage());
    assertThrows(IllegalArgumentException.class, () -> p.predictBatch(new float[IN], 0, new float[OUT]));
  }
}
