package io.vectorgrad.checkpointing;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.Schedules;

/**
 * Base of this module's schedules: each compiles itself, for a given network shape and batch size, to an
 * action plan that one shared executor runs and the {@link Planner} simulates.
 */
public abstract class PlannedSchedule implements ActivationSchedule {
  PlannedSchedule() {}

  /** The actions for this shape; throws {@link IllegalArgumentException} when the schedule cannot run. */
  abstract ActionPlan actions(int[] widths, int batchSize);

  /**
   * The actions when each block's recompute cost is known ({@code costs} may be {@code null}: unknown);
   * cost-aware schedules override this, the others ignore the costs.
   */
  ActionPlan actions(int[] widths, long[] costs, int batchSize) {
    return actions(widths, batchSize);
  }

  @Override
  public final Execution prepare(int[] widths, int batchSize) {
    return prepare(widths, null, batchSize);
  }

  @Override
  public final Execution prepare(int[] widths, long[] blockCosts, int batchSize) {
    Schedules.checkShape(widths, batchSize);
    Planner.checkCosts(widths, blockCosts);
    return new PlanExecution(actions(widths, blockCosts, batchSize), widths, batchSize);
  }

  @Override
  public String toString() {
    return spec();
  }

  /**
   * Keep the inputs of the given blocks (sorted, starting at 0) plus the output; on backward, recompute
   * each segment but the last (kept from the forward pass) once from its checkpoint, and free every buffer as
   * soon as its two backward uses are done.
   */
  static ActionPlan segments(int n, int[] checkpoints) {
    boolean[] kept = new boolean[n + 1];
    for (int c : checkpoints) {
      kept[c] = true;
    }
    // The last segment's activations stay from the forward pass: its backward comes first and would
    // recompute exactly them, so keeping them adds nothing to the peak (one segment plus the checkpoints)
    // and saves one segment of recomputation.
    int last = checkpoints[checkpoints.length - 1];
    ActionPlan.Builder p = new ActionPlan.Builder(n);
    for (int i = 0; i < n; i++) {
      p.fwd(i);
      if (i > 0 && !kept[i] && i <= last) {
        p.free(i);
      }
    }
    p.grad();
    for (int s = checkpoints.length - 1; s >= 0; s--) {
      int a = checkpoints[s];
      int end = s + 1 < checkpoints.length ? checkpoints[s + 1] : n;
      for (int j = a; s + 1 < checkpoints.length && j < end - 1; j++) {
        p.fwd(j);
      }
      for (int j = end - 1; j >= a; j--) {
        p.bwd(j);
        if (j + 1 < n) {
          p.free(j + 1);
        }
      }
    }
    return p.build();
  }
}
