package io.vectorgrad.training;

import io.vectorgrad.testing.ColdJvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Sgd;
import io.vectorgrad.training.serve.Predictor;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A seeded model's predictions (1 row and batches, every activation) and one training step give the same bits
 * interpreted, on C1 only, and after C2 has compiled the path in this JVM (see ColdWarmBitsTest in
 * simd-kernels for the kernels one by one).
 */
class ColdWarmPredictorTest {
  /**
   * Warm-up rounds, each with extra single-row predictions (the gemv path): enough for C2 to compile the
   * forward and backward paths (checked with -XX:+PrintCompilation on JDK 17 and 25).
   */
  private static final int WARM_ROUNDS = 300;
  private static final int SINGLE_ROW_ROUNDS = 8;

  @Test
  void coldAndWarmPredictionsGiveTheSameBits() {
    Map<String, String> first = Fingerprint.compute();
    for (int r = 1; r < WARM_ROUNDS; r++) {
      ColdJvm.assertSame(first, Fingerprint.compute(), "round " + r + " of the warm-up against the first round");
      for (int s = 0; s < SINGLE_ROW_ROUNDS; s++) {
        Fingerprint.singleRows(new LinkedHashMap<>());
      }
    }
    for (String mode : ColdJvm.MODES) {
      ColdJvm.assertSame(first, ColdJvm.run(Fingerprint.class, mode), mode + " child against warm C2");
    }
  }

  @Test
  void anotherJdkGivesTheSameBits() {
    String other = System.getenv(ColdJvm.COMPARE_JAVA_HOME);
    assumeTrue(other != null && !other.isBlank(), ColdJvm.COMPARE_JAVA_HOME + " not set");
    ColdJvm.assertSame(Fingerprint.compute(), ColdJvm.run(Fingerprint.class, other, "-XX:+TieredCompilation"),
        "JDK at " + other + " against this JDK (" + Runtime.version() + ")");
  }

  /** The seeded predictions and step; {@code main} prints one {@code name=hash} line each. */
  static final class Fingerprint {
    private Fingerprint() {}

    static final int IN = 50;
    static final int OUT = 10;
    static final int[] ROWS = {3, 32};
    static final int SINGLE_ROWS = 8;

    public static void main(String[] args) {
      for (Map.Entry<String, String> e : compute().entrySet()) {
        System.out.println(e.getKey() + "=" + e.getValue());
      }
    }

    /** Built once: the warm-up rounds repeat the kernels, not the initialisation. */
    private static final Model MODEL = Model.builder(IN).dense(40, Activation.RELU).dense(33, Activation.TANH)
        .dense(17, Activation.SIGMOID).dense(OUT, Activation.SOFTMAX).build(5);
    private static final Predictor PREDICTOR = new Predictor(MODEL, 32, 1);

    static Map<String, String> compute() {
      Map<String, String> out = new LinkedHashMap<>();
      singleRows(out);
      Predictor p = PREDICTOR;
      for (int rows : ROWS) {
        float[] x = TestData.randomArray(rows * IN, 11 + rows, 2);
        float[] y = new float[rows * OUT];
        p.predictBatch(x, rows, y);
        out.put("predict" + rows, new ColdJvm.Hash().add(y, 0, y.length).toString());
      }
      int rows = 16;
      Model m = MODEL.copy();
      TrainingStep step = new TrainingStep(m, SoftmaxCrossEntropy.INSTANCE, new Sgd(0.1f), rows, 1);
      double loss = step.step(TestData.randomArray(rows * IN, 3, 1), TestData.oneHot(rows, OUT, 2), rows);
      ColdJvm.Hash h = new ColdJvm.Hash().add(Float.floatToRawIntBits((float) loss))
          .add((int) (Double.doubleToRawLongBits(loss) >>> 32)).add((int) Double.doubleToRawLongBits(loss));
      for (int i = 0; i < m.denseCount(); i++) {
        h.add(m.dense(i).weights(), 0, m.dense(i).weights().length).add(m.dense(i).bias(), 0, m.dense(i).bias().length);
      }
      out.put("trainingStep", h.toString());
      return out;
    }

    /** {@link #SINGLE_ROWS} samples one by one: the m = 1 (gemv) path. */
    static void singleRows(Map<String, String> out) {
      float[] x = TestData.randomArray(SINGLE_ROWS * IN, 29, 2);
      float[] in = new float[IN];
      float[] y = new float[OUT];
      ColdJvm.Hash h = new ColdJvm.Hash();
      for (int s = 0; s < SINGLE_ROWS; s++) {
        System.arraycopy(x, s * IN, in, 0, IN);
        PREDICTOR.predict(in, y);
        h.add(y, 0, OUT);
      }
      out.put("predict1", h.toString());
    }
  }
}
