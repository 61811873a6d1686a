package io.vectorgrad.training.spec;

import java.util.Random;

/**
 * A seeded random batch for a model and loss: standard-normal inputs, and targets of the loss's kind (one-hot
 * classes, 0/1 values, or standard-normal values). Gradient checks and probes use it.
 */
public record RandomBatch(float[] inputs, float[] targets, int rows) {
  public static RandomBatch of(ModelSpec model, LossPairing loss, int rows, long seed) {
    if (rows < 1) {
      throw new SpecException("rows " + rows + ": expected >= 1");
    }
    int in = model.inputSize();
    int out = model.outputSize();
    Random rnd = new Random(seed ^ 0x9E3779B97F4A7C15L);
    float[] x = new float[Math.multiplyExact(rows, in)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    float[] y = new float[Math.multiplyExact(rows, out)];
    for (int r = 0; r < rows; r++) {
      if (loss == LossPairing.SOFTMAX_CE) {
        y[r * out + rnd.nextInt(out)] = 1f;
      } else {
        for (int j = 0; j < out; j++) {
          y[r * out + j] = loss == LossPairing.BCE ? rnd.nextInt(2) : (float) rnd.nextGaussian();
        }
      }
    }
    return new RandomBatch(x, y, rows);
  }
}
