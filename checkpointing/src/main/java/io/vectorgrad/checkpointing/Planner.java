package io.vectorgrad.checkpointing;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.Schedules;
import io.vectorgrad.training.backprop.StoreAll;

/**
 * Predicts, before anything runs, what a schedule costs on a network: it compiles the schedule to the action
 * list its execution will run and replays that list, so prediction and execution cannot disagree.
 */
public final class Planner {
  private Planner() {}

  /** Boundary widths of a chain: {@code input}, then {@code depth − 1} hidden widths, then {@code output}. */
  public static int[] widths(int depth, int width, int input, int output) {
    if (depth < 1 || width < 1 || input < 1 || output < 1) {
      throw new IllegalArgumentException("depth, width, input and output must be >= 1, got " + depth + ", " + width
          + ", " + input + ", " + output);
    }
    int[] w = new int[depth + 1];
    java.util.Arrays.fill(w, width);
    w[0] = input;
    w[depth] = output;
    return w;
  }

  /**
   * The plan of {@code schedule} (one of this module's schedules, or training's {@link StoreAll}) on a chain
   * with boundary {@code widths} at {@code batchSize} rows.
   *
   * @throws IllegalArgumentException when the schedule cannot run on this network (message says why and
   *     what is feasible)
   */
  public static Plan plan(ActivationSchedule schedule, int[] widths, int batchSize) {
    return plan(schedule, widths, null, batchSize);
  }

  /**
   * The plan with each block's recompute cost known ({@code blockCosts}, FLOPs, e.g. from
   * {@code ModelNetwork.blockCosts}; {@code null}: unknown, the Dense GEMM {@code 2·batch·in·out} of the
   * widths is reported and schedules count forwards). The widths are the kept floats per row of each
   * boundary ({@code ModelNetwork.widths()}), so the predicted bytes are exact for any block mix.
   */
  public static Plan plan(ActivationSchedule schedule, int[] widths, long[] blockCosts, int batchSize) {
    Schedules.checkShape(widths, batchSize);
    checkCosts(widths, blockCosts);
    ActionPlan actions = actions(schedule, widths, blockCosts, batchSize);
    ActionPlan.Trace t = ActionPlan.Trace.of(actions, widths, batchSize);
    String resolved = schedule instanceof MemoryBudget
        ? ((MemoryBudget) schedule).choose(widths, blockCosts, batchSize).spec() : schedule.spec();
    return new Plan(schedule.spec(), resolved, widths, batchSize, t.peakBytes, t.peakBuffers, t.forwardCalls,
        storeAllBytes(widths, batchSize), blockCosts != null ? blockCosts : denseCosts(widths, batchSize));
  }

  /** The legacy cost model: each block a Dense GEMM {@code 2·batch·in·out} of its boundary widths. */
  static long[] denseCosts(int[] widths, int batchSize) {
    long[] c = new long[widths.length - 1];
    for (int i = 0; i < c.length; i++) {
      c[i] = 2L * batchSize * widths[i] * widths[i + 1];
    }
    return c;
  }

  static void checkCosts(int[] widths, long[] costs) {
    if (costs == null) {
      return;
    }
    if (costs.length != widths.length - 1) {
      throw new IllegalArgumentException(costs.length + " block costs for " + (widths.length - 1) + " blocks");
    }
    for (int i = 0; i < costs.length; i++) {
      if (costs[i] < 1) {
        throw new IllegalArgumentException("cost of block " + i + " is " + costs[i] + ": expected >= 1");
      }
    }
  }

  static ActionPlan actions(ActivationSchedule schedule, int[] widths, long[] costs, int batchSize) {
    if (schedule instanceof PlannedSchedule) {
      return ((PlannedSchedule) schedule).actions(widths, costs, batchSize);
    }
    if (schedule instanceof StoreAll) {
      return storeAll(widths.length - 1);
    }
    throw new IllegalArgumentException("cannot plan " + schedule.getClass().getName() + " (" + schedule.spec()
        + "): only store-all and io.vectorgrad.checkpointing schedules have plans");
  }

  /** What {@link StoreAll} does: every boundary stays live for the whole step. */
  static ActionPlan storeAll(int n) {
    ActionPlan.Builder p = new ActionPlan.Builder(n);
    for (int i = 0; i < n; i++) {
      p.fwd(i);
    }
    p.grad();
    for (int i = n - 1; i >= 0; i--) {
      p.bwd(i);
    }
    return p.build();
  }

  /** Bytes of all n+1 boundaries. */
  public static long storeAllBytes(int[] widths, int batchSize) {
    long b = 0;
    for (int w : widths) {
      b += ActionPlan.arrayBytes((long) w * batchSize);
    }
    return b;
  }
}
