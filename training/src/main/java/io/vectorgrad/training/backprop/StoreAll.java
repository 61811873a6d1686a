package io.vectorgrad.training.backprop;

import java.util.Arrays;

/**
 * Plain backprop: keeps the activations at every boundary, recomputes nothing. The reference that every
 * checkpointing schedule must match bit for bit, and training's default.
 */
public final class StoreAll implements ActivationSchedule {
  public static final StoreAll INSTANCE = new StoreAll();

  @Override
  public String spec() {
    return "none";
  }

  @Override
  public Execution prepare(int[] widths, int batchSize) {
    return new Exec(widths, batchSize);
  }

  private static final class Exec implements Execution {
    private final int blocks;
    private final float[][] acts; // acts[0] is the caller's input, set per run
    private final float[] gradA;
    private final float[] gradB;
    private final long[] forwardCalls;
    private final float[][] live;
    private MemoryProbe probe;

    Exec(int[] widths, int batchSize) {
      Schedules.checkShape(widths, batchSize);
      blocks = widths.length - 1;
      acts = new float[blocks + 1][];
      for (int b = 1; b <= blocks; b++) {
        acts[b] = new float[Math.multiplyExact(batchSize, widths[b])];
      }
      int maxWidth = Arrays.stream(widths).max().orElse(1);
      gradA = new float[Math.multiplyExact(batchSize, maxWidth)];
      gradB = new float[gradA.length];
      forwardCalls = new long[blocks];
      live = new float[blocks + 1][];
    }

    @Override
    public void run(BlockNetwork net, float[] input) {
      acts[0] = input;
      report(1);
      for (int i = 0; i < blocks; i++) {
        net.forward(i, acts[i], acts[i + 1]);
        forwardCalls[i]++;
        report(i + 2);
      }
      float[] dOut = gradA;
      float[] dIn = gradB;
      net.outputGradient(acts[blocks], dOut);
      for (int i = blocks - 1; i >= 0; i--) {
        net.backward(i, acts[i], acts[i + 1], dOut, i == 0 ? null : dIn);
        float[] t = dOut;
        dOut = dIn;
        dIn = t;
      }
    }

    private void report(int count) {
      if (probe != null) {
        System.arraycopy(acts, 0, live, 0, count);
        probe.liveBuffersChanged(live, count);
      }
    }

    @Override
    public float[] output() {
      return acts[blocks];
    }

    @Override
    public long forwardCalls(int block) {
      return forwardCalls[block];
    }

    @Override
    public void resetCounters() {
      Arrays.fill(forwardCalls, 0);
    }

    @Override
    public void setProbe(MemoryProbe probe) {
      this.probe = probe;
    }
  }
}
