package io.vectorgrad.benchmarks.report;

import io.vectorgrad.kernels.Activations;
import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.kernels.Gemm;
import io.vectorgrad.training.backprop.BlockNetwork;
import java.util.Random;

/**
 * A chain of Dense + activation blocks on the kernel facades with a squared-error loss against a fixed
 * random target: the network the checkpointing benchmarks time. Parameter gradients are kept per block so
 * schedules can be compared bit for bit; nothing is allocated per step.
 */
public final class DenseChainNetwork implements BlockNetwork {
  private final int[] widths;
  private final int batch;
  private final int act; // 0 sigmoid, 1 relu, 2 tanh
  private final float[][] w;
  private final float[][] b;
  private final float[][] dw;
  private final float[][] db;
  private final float[] target;
  private double loss;

  /** @param activation {@code sigmoid}, {@code relu} or {@code tanh} */
  public DenseChainNetwork(int[] widths, int batch, String activation, long seed) {
    switch (activation) {
      case "sigmoid": act = 0; break;
      case "relu": act = 1; break;
      case "tanh": act = 2; break;
      default: throw new IllegalArgumentException("activation '" + activation + "': expected sigmoid, relu or tanh");
    }
    this.widths = widths.clone();
    this.batch = batch;
    Random r = new Random(seed);
    int n = widths.length - 1;
    w = new float[n][];
    b = new float[n][];
    dw = new float[n][];
    db = new float[n][];
    for (int i = 0; i < n; i++) {
      w[i] = new float[widths[i + 1] * widths[i]];
      // Xavier-like scale keeps sigmoid/tanh activations away from saturation through deep chains
      float scale = (float) Math.sqrt((act == 1 ? 2.0 : 1.0) / widths[i]);
      for (int j = 0; j < w[i].length; j++) {
        w[i][j] = (float) r.nextGaussian() * scale;
      }
      b[i] = new float[widths[i + 1]];
      dw[i] = new float[w[i].length];
      db[i] = new float[b[i].length];
    }
    target = new float[batch * widths[n]];
    for (int j = 0; j < target.length; j++) {
      target[j] = r.nextFloat();
    }
  }

  /** A seeded standard-normal mini-batch of the input width. */
  public float[] input(long seed) {
    Random r = new Random(seed);
    float[] x = new float[batch * widths[0]];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) r.nextGaussian();
    }
    return x;
  }

  public double loss() {
    return loss;
  }

  @Override
  public int blocks() {
    return widths.length - 1;
  }

  @Override
  public int batchSize() {
    return batch;
  }

  @Override
  public int width(int boundary) {
    return widths[boundary];
  }

  @Override
  public void forward(int i, float[] in, float[] out) {
    int fi = widths[i];
    int fo = widths[i + 1];
    int len = batch * fo;
    Gemm.sgemm(false, true, batch, fo, fi, 1f, in, 0, fi, w[i], 0, fi, 0f, out, 0, fo);
    Elementwise.addRowVector(b[i], 0, out, 0, fo, batch, fo);
    if (act == 0) {
      Activations.sigmoid(out, 0, out, 0, len);
    } else if (act == 1) {
      Activations.relu(out, 0, out, 0, len);
    } else {
      Activations.tanh(out, 0, out, 0, len);
    }
  }

  @Override
  public void outputGradient(float[] output, float[] dOutput) {
    int len = batch * widths[blocks()];
    double l = 0;
    for (int j = 0; j < len; j++) {
      float d = output[j] - target[j];
      dOutput[j] = d;
      l += (double) d * d;
    }
    loss = 0.5 * l / batch;
  }

  @Override
  public void backward(int i, float[] in, float[] out, float[] dOut, float[] dIn) {
    int fi = widths[i];
    int fo = widths[i + 1];
    int len = batch * fo;
    if (act == 0) {
      Activations.sigmoidBackward(out, 0, dOut, 0, dOut, 0, len);
    } else if (act == 1) {
      Activations.reluBackward(out, 0, dOut, 0, dOut, 0, len);
    } else {
      Activations.tanhBackward(out, 0, dOut, 0, dOut, 0, len);
    }
    Gemm.sgemm(true, false, fo, fi, batch, 1f, dOut, 0, fo, in, 0, fi, 0f, dw[i], 0, fi);
    Elementwise.columnSums(dOut, 0, fo, db[i], 0, batch, fo);
    if (dIn != null) {
      Gemm.sgemm(false, false, batch, fi, fo, 1f, dOut, 0, fo, w[i], 0, fi, 0f, dIn, 0, fi);
    }
  }

  /** A copy of all parameter gradients (dW and db of every block) from the last backward pass. */
  public float[][] copyGradients() {
    float[][] g = new float[2 * dw.length][];
    for (int i = 0; i < dw.length; i++) {
      g[2 * i] = dw[i].clone();
      g[2 * i + 1] = db[i].clone();
    }
    return g;
  }

  /** Whether the current gradients equal {@code reference} bit for bit ({@code floatToRawIntBits}). */
  public boolean gradientsBitIdentical(float[][] reference) {
    for (int i = 0; i < dw.length; i++) {
      if (!sameBits(dw[i], reference[2 * i]) || !sameBits(db[i], reference[2 * i + 1])) {
        return false;
      }
    }
    return true;
  }

  public static boolean sameBits(float[] a, float[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int j = 0; j < a.length; j++) {
      if (Float.floatToRawIntBits(a[j]) != Float.floatToRawIntBits(b[j])) {
        return false;
      }
    }
    return true;
  }
}
