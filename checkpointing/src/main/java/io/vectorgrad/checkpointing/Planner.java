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
    Schedules.checkShape(widths, batchSize);
    ActionPlan actions = actions(schedule, widths, batchSize);
    ActionPlan.Trace t = ActionPlan.Trace.of(actions, widths, batchSize);
    String resolved = schedule instanceof MemoryBudget
        ? ((MemoryBudget) schedule).choose(widths, batchSize).spec() : schedule.spec();
    return new Plan(schedule.spec(), resolved, widths, batchSize, t.peakBytes, t.peakBuffers, t.forwardCalls,
        storeAllBytes(widths, batchSize));
  }

  static ActionPlan actions(ActivationSchedule schedule, int[] widths, int batchSize) {
    if (schedule instanceof PlannedSchedule) {
      return ((PlannedSchedule) schedule).actions(widths, batchSize);
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
