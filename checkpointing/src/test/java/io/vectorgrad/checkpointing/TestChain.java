package io.vectorgrad.checkpointing;

import io.vectorgrad.kernels.Activations;
import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.kernels.Gemm;
import io.vectorgrad.training.backprop.BlockNetwork;
import java.util.Random;

/**
 * Test double: a chain of Dense + activation (+ optional dropout whose mask is a hash of step, block and
 * element) blocks on the kernel facades, with per-block parameter gradients and a squared-error loss.
 */
final class TestChain implements BlockNetwork {
  enum Act { SIGMOID, RELU, TANH }

  final int[] widths;
  final int batch;
  final Act act;
  final float[][] w;
  final float[][] b;
  final float[][] dw;
  final float[][] db;
  final float[] target;
  final int threads;
  final float dropout;
  long step;
  float loss;
  int backwardCalls;

  TestChain(int[] widths, int batch, Act act, long seed, int threads, float dropout) {
    this.widths = widths.clone();
    this.batch = batch;
    this.act = act;
    this.threads = threads;
    this.dropout = dropout;
    Random r = new Random(seed);
    int n = widths.length - 1;
    w = new float[n][];
    b = new float[n][];
    dw = new float[n][];
    db = new float[n][];
    for (int i = 0; i < n; i++) {
      w[i] = new float[widths[i + 1] * widths[i]];
      float scale = (float) (2.0 / Math.sqrt(widths[i]));
      for (int j = 0; j < w[i].length; j++) {
        w[i][j] = (float) r.nextGaussian() * scale;
      }
      b[i] = new float[widths[i + 1]];
      for (int j = 0; j < b[i].length; j++) {
        b[i][j] = (float) r.nextGaussian() * 0.1f;
      }
      dw[i] = new float[w[i].length];
      db[i] = new float[b[i].length];
    }
    target = new float[batch * widths[n]];
    for (int j = 0; j < target.length; j++) {
      target[j] = r.nextFloat();
    }
  }

  float[] input(long seed) {
    Random r = new Random(seed);
    float[] x = new float[batch * widths[0]];
    for (int j = 0; j < x.length; j++) {
      x[j] = (float) r.nextGaussian();
    }
    return x;
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

  private boolean dropped(int block, int idx) {
    long h = step * 0x9E3779B97F4A7C15L + block * 0xC2B2AE3D27D4EB4FL + idx * 0x165667B19E3779F9L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (h & 0xFFFFFF) < dropout * (1 << 24);
  }

  @Override
  public void forward(int i, float[] in, float[] out) {
    int fi = widths[i];
    int fo = widths[i + 1];
    int len = batch * fo;
    Gemm.sgemm(false, true, batch, fo, fi, 1f, in, 0, fi, w[i], 0, fi, 0f, out, 0, fo, threads);
    Elementwise.addRowVector(b[i], 0, out, 0, fo, batch, fo);
    switch (act) {
      case SIGMOID: Activations.sigmoid(out, 0, out, 0, len); break;
      case RELU: Activations.relu(out, 0, out, 0, len); break;
      default: Activations.tanh(out, 0, out, 0, len); break;
    }
    if (dropout > 0 && i < blocks() - 1) {
      float keep = 1f / (1f - dropout);
      for (int j = 0; j < len; j++) {
        out[j] = dropped(i, j) ? 0f : out[j] * keep;
      }
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
    loss = (float) (0.5 * l / batch);
  }

  @Override
  public void backward(int i, float[] in, float[] out, float[] dOut, float[] dIn) {
    backwardCalls++;
    int fi = widths[i];
    int fo = widths[i + 1];
    int len = batch * fo;
    if (dropout > 0 && i < blocks() - 1) {
      // out is already masked and scaled; the activation derivative is taken at the unmasked value
      float keep = 1f / (1f - dropout);
      for (int j = 0; j < len; j++) {
        dOut[j] = dropped(i, j) ? 0f : dOut[j] * keep;
      }
      float[] a = new float[len];
      for (int j = 0; j < len; j++) {
        a[j] = out[j] / keep;
      }
      activationBackward(a, dOut, len);
    } else {
      activationBackward(out, dOut, len);
    }
    Gemm.sgemm(true, false, fo, fi, batch, 1f, dOut, 0, fo, in, 0, fi, 0f, dw[i], 0, fi, threads);
    Elementwise.columnSums(dOut, 0, fo, db[i], 0, batch, fo);
    if (dIn != null) {
      Gemm.sgemm(false, false, batch, fi, fo, 1f, dOut, 0, fo, w[i], 0, fi, 0f, dIn, 0, fi, threads);
    }
  }

  private void activationBackward(float[] a, float[] dOut, int len) {
    switch (act) {
      case SIGMOID: Activations.sigmoidBackward(a, 0, dOut, 0, dOut, 0, len); break;
      case RELU: Activations.reluBackward(a, 0, dOut, 0, dOut, 0, len); break;
      default: Activations.tanhBackward(a, 0, dOut, 0, dOut, 0, len); break;
    }
  }
}
