package io.vectorgrad.checkpointing;

import java.util.Arrays;

/**
 * A schedule compiled to a flat list of primitive actions on boundaries, run by {@link PlanExecution} and
 * simulated by {@link Planner}: both read the same list, so the prediction is the execution.
 *
 * <ul>
 *   <li>{@code FWD i}: take a pool buffer for boundary {@code i+1} and run {@code forward(i)} into it;
 *   <li>{@code FREE b}: return boundary {@code b}'s buffer to the pool (never boundary 0, the caller's
 *       input, and never boundary {@code n}, the output that {@code Execution.output()} returns);
 *   <li>{@code GRAD}: {@code outputGradient} at boundary {@code n};
 *   <li>{@code BWD i}: {@code backward(i)}, needing boundaries {@code i} and {@code i+1} live.
 * </ul>
 */
final class ActionPlan {
  static final int FWD = 0;
  static final int FREE = 1;
  static final int GRAD = 2;
  static final int BWD = 3;
  private static final int OP_BITS = 2;

  final int blocks;
  private final int[] code;

  private ActionPlan(int blocks, int[] code) {
    this.blocks = blocks;
    this.code = code;
  }

  int size() {
    return code.length;
  }

  int op(int k) {
    return code[k] & ((1 << OP_BITS) - 1);
  }

  int arg(int k) {
    return code[k] >>> OP_BITS;
  }

  /** Appends actions; {@link #build()} checks nothing, {@link Trace#of} does. */
  static final class Builder {
    private final int blocks;
    private int[] code = new int[64];
    private int size;

    Builder(int blocks) {
      this.blocks = blocks;
    }

    Builder fwd(int block) {
      return add(FWD, block);
    }

    Builder free(int boundary) {
      return add(FREE, boundary);
    }

    Builder grad() {
      return add(GRAD, 0);
    }

    Builder bwd(int block) {
      return add(BWD, block);
    }

    private Builder add(int op, int arg) {
      if (size == code.length) {
        code = Arrays.copyOf(code, Math.multiplyExact(code.length, 2));
      }
      code[size++] = op | (arg << OP_BITS);
      return this;
    }

    ActionPlan build() {
      return new ActionPlan(blocks, Arrays.copyOf(code, size));
    }
  }

  /** JOL's size of a {@code float[len]} on a 64-bit JVM: 16-byte header + 4·len, rounded up to 8. */
  static long arrayBytes(long len) {
    return (16 + 4 * len + 7) & ~7L;
  }

  /**
   * Replays a plan without running anything: validates it (the SPI's rules) and records peak live bytes,
   * forward calls per block and how many pool buffers of each length the execution needs.
   */
  static final class Trace {
    final long peakBytes;
    final int peakBuffers;
    final long[] forwardCalls;
    /** Distinct buffer lengths (floats) for boundaries 1..n, and the pool size needed for each. */
    final int[] lengths;
    final int[] poolSizes;

    private Trace(long peakBytes, int peakBuffers, long[] forwardCalls, int[] lengths, int[] poolSizes) {
      this.peakBytes = peakBytes;
      this.peakBuffers = peakBuffers;
      this.forwardCalls = forwardCalls;
      this.lengths = lengths;
      this.poolSizes = poolSizes;
    }

    static Trace of(ActionPlan plan, int[] widths, int batch) {
      int n = plan.blocks;
      if (widths.length != n + 1) {
        throw new IllegalArgumentException("plan for " + n + " blocks, network has " + (widths.length - 1));
      }
      int[] lengths = Arrays.stream(widths, 1, n + 1).map(w -> Math.multiplyExact(w, batch)).distinct()
          .sorted().toArray();
      int[] poolSizes = new int[lengths.length];
      int[] inUse = new int[lengths.length];
      boolean[] live = new boolean[n + 1];
      live[0] = true;
      long bytes = arrayBytes((long) widths[0] * batch);
      long peak = bytes;
      int buffers = 1;
      int peakBuffers = 1;
      long[] calls = new long[n];
      boolean gradDone = false;
      int nextBackward = n - 1;
      for (int k = 0; k < plan.size(); k++) {
        int a = plan.arg(k);
        switch (plan.op(k)) {
          case FWD: {
            check(a >= 0 && a < n && live[a] && !live[a + 1], plan, k, "forward needs its input live and output free");
            check(nextBackward >= a, plan, k, "forward of a block already backpropagated");
            live[a + 1] = true;
            int c = Arrays.binarySearch(lengths, widths[a + 1] * batch);
            inUse[c]++;
            poolSizes[c] = Math.max(poolSizes[c], inUse[c]);
            bytes += arrayBytes((long) widths[a + 1] * batch);
            buffers++;
            if (bytes > peak) {
              peak = bytes;
            }
            peakBuffers = Math.max(peakBuffers, buffers);
            calls[a]++;
            break;
          }
          case FREE: {
            check(a > 0 && a < n && live[a], plan, k, "free of a boundary that is not live, the input or the output");
            live[a] = false;
            inUse[Arrays.binarySearch(lengths, widths[a] * batch)]--;
            bytes -= arrayBytes((long) widths[a] * batch);
            buffers--;
            break;
          }
          case GRAD:
            check(!gradDone && live[n], plan, k, "output gradient needs the output, once");
            gradDone = true;
            break;
          case BWD:
            check(gradDone && a == nextBackward && live[a] && live[a + 1], plan, k,
                "backward must run last to first with input and output live");
            nextBackward--;
            break;
          default:
            throw new IllegalStateException("bad op");
        }
      }
      check(nextBackward == -1, plan, plan.size(), "not every block was backpropagated");
      return new Trace(peak, peakBuffers, calls, lengths, poolSizes);
    }

    private static void check(boolean ok, ActionPlan plan, int k, String what) {
      if (!ok) {
        throw new IllegalStateException("invalid checkpoint plan at action " + k + " of " + plan.size() + ": " + what);
      }
    }
  }
}
