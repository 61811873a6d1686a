package io.vectorgrad.checkpointing;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.BlockNetwork;
import io.vectorgrad.training.backprop.MemoryProbe;
import java.util.Arrays;

/**
 * Runs an {@link ActionPlan} over a pool of activation buffers allocated once here: the one executor behind
 * every schedule of this module. A step allocates nothing.
 */
final class PlanExecution implements ActivationSchedule.Execution {
  private final ActionPlan plan;
  private final int[] widths;
  private final int batch;
  private final int blocks;
  private final int[] poolOf; // boundary -> pool index (boundaries 1..n)
  private final float[][][] owned; // every buffer of each pool, never reordered
  private final float[][][] pools; // stacks of available buffers: pools[c][0..free[c])
  private final int[] free; // available buffers per pool
  private final float[][] at; // boundary -> live buffer or null
  private final float[][] live;
  private final int[] livePos; // boundary -> index in live, for O(1) removal
  private final int[] liveBoundary; // index in live -> boundary
  private int liveCount;
  private final float[] gradA;
  private final float[] gradB;
  private final long[] forwardCalls;
  private MemoryProbe probe;
  private boolean ran;

  PlanExecution(ActionPlan plan, int[] widths, int batch) {
    this.plan = plan;
    this.widths = widths.clone();
    this.batch = batch;
    this.blocks = widths.length - 1;
    ActionPlan.Trace trace = ActionPlan.Trace.of(plan, widths, batch);
    owned = new float[trace.lengths.length][][];
    pools = new float[trace.lengths.length][][];
    for (int c = 0; c < pools.length; c++) {
      owned[c] = new float[trace.poolSizes[c]][trace.lengths[c]];
      pools[c] = owned[c].clone();
    }
    free = new int[pools.length];
    poolOf = new int[blocks + 1];
    for (int b = 1; b <= blocks; b++) {
      poolOf[b] = Arrays.binarySearch(trace.lengths, widths[b] * batch);
    }
    at = new float[blocks + 1][];
    live = new float[blocks + 1][];
    livePos = new int[blocks + 1];
    liveBoundary = new int[blocks + 1];
    int maxWidth = Arrays.stream(widths).max().getAsInt();
    gradA = new float[Math.multiplyExact(maxWidth, batch)];
    gradB = new float[gradA.length];
    forwardCalls = new long[blocks];
  }

  @Override
  public void run(BlockNetwork net, float[] input) {
    checkNetwork(net, input);
    for (int c = 0; c < pools.length; c++) {
      System.arraycopy(owned[c], 0, pools[c], 0, owned[c].length);
      free[c] = owned[c].length;
    }
    Arrays.fill(at, null);
    liveCount = 0;
    at[0] = input;
    addLive(0);
    float[] dOut = gradA;
    float[] dIn = gradB;
    for (int k = 0, size = plan.size(); k < size; k++) {
      int a = plan.arg(k);
      switch (plan.op(k)) {
        case ActionPlan.FWD: {
          int c = poolOf[a + 1];
          at[a + 1] = pools[c][--free[c]];
          addLive(a + 1);
          net.forward(a, at[a], at[a + 1]);
          forwardCalls[a]++;
          break;
        }
        case ActionPlan.FREE: {
          int c = poolOf[a];
          pools[c][free[c]++] = at[a];
          at[a] = null;
          removeLive(a);
          break;
        }
        case ActionPlan.GRAD:
          net.outputGradient(at[blocks], dOut);
          break;
        case ActionPlan.BWD: {
          net.backward(a, at[a], at[a + 1], dOut, a == 0 ? null : dIn);
          float[] t = dOut;
          dOut = dIn;
          dIn = t;
          break;
        }
        default:
          throw new IllegalStateException("bad op");
      }
    }
    ran = true;
  }

  private void checkNetwork(BlockNetwork net, float[] input) {
    if (net.blocks() != blocks || net.batchSize() != batch) {
      throw new IllegalArgumentException("prepared for " + blocks + " blocks at batch " + batch + ", got "
          + net.blocks() + " blocks at batch " + net.batchSize());
    }
    for (int b = 0; b <= blocks; b++) {
      if (net.keptWidth(b) != widths[b]) {
        throw new IllegalArgumentException("prepared for width " + widths[b] + " at boundary " + b + ", got "
            + net.keptWidth(b));
      }
    }
    if (input == null || input.length < batch * widths[0]) {
      throw new IllegalArgumentException("input must hold " + batch + "x" + widths[0] + " floats, got "
          + (input == null ? "null" : input.length));
    }
  }

  private void addLive(int b) {
    livePos[b] = liveCount;
    liveBoundary[liveCount] = b;
    live[liveCount++] = at[b];
    report();
  }

  private void removeLive(int b) {
    int pos = livePos[b];
    int last = --liveCount;
    live[pos] = live[last];
    liveBoundary[pos] = liveBoundary[last];
    livePos[liveBoundary[pos]] = pos;
    live[last] = null;
    report();
  }

  private void report() {
    if (probe != null) {
      probe.liveBuffersChanged(live, liveCount);
    }
  }

  @Override
  public float[] output() {
    if (!ran) {
      throw new IllegalStateException("output() before the first run()");
    }
    return at[blocks];
  }

  @Override
  public long forwardCalls(int block) {
    if (block < 0 || block >= blocks) {
      throw new IndexOutOfBoundsException("block " + block + " of " + blocks);
    }
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
