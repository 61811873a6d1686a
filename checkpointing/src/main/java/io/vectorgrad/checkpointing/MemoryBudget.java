package io.vectorgrad.checkpointing;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks, by planning every candidate, the schedule with the least recomputation (in FLOPs when the blocks'
 * recompute costs are known, as in training; in forwards otherwise) whose predicted peak of
 * live activation bytes fits the budget: store-all, {@code every:k} for every k, {@code revolve:s} for
 * every s and {@code split:b} for every buffer count b (up to 512 blocks). Ties go to the smaller peak. The budget is never exceeded: the chosen plan's peak is exactly
 * what the execution holds. When nothing fits, {@link #prepare} throws with the smallest feasible budget.
 */
public final class MemoryBudget extends PlannedSchedule {
  /** Revolve plans longer than this many actions are not considered (only reached for thousands of blocks). */
  private static final long MAX_ACTIONS = 20_000_000L;

  private final long budget;
  private final String text;
  private int[] cachedWidths;
  private int cachedBatch;
  private ActivationSchedule cachedChoice;
  private long[] cachedCosts;

  public MemoryBudget(long bytes) {
    this(bytes, Long.toString(bytes));
  }

  MemoryBudget(long bytes, String text) {
    if (bytes < 1) {
      throw new IllegalArgumentException("budget:" + text + ": the budget must be a positive number of bytes");
    }
    this.budget = bytes;
    this.text = text;
  }

  public long bytes() {
    return budget;
  }

  @Override
  public String spec() {
    return "budget:" + text;
  }

  @Override
  ActionPlan actions(int[] widths, int batchSize) {
    return actions(widths, null, batchSize);
  }

  @Override
  ActionPlan actions(int[] widths, long[] costs, int batchSize) {
    return Planner.actions(choose(widths, costs, batchSize), widths, costs, batchSize);
  }

  /** The schedule this budget runs on this network and batch size (forwards counted, costs unknown). */
  public ActivationSchedule choose(int[] widths, int batchSize) {
    return choose(widths, null, batchSize);
  }

  /**
   * The schedule this budget runs: with block costs, the candidate with the fewest recomputed FLOPs
   * (each recomputed forward weighted by its block's cost), without them the fewest recomputed forwards.
   */
  public synchronized ActivationSchedule choose(int[] widths, long[] costs, int batchSize) {
    if (cachedChoice != null && cachedBatch == batchSize && Arrays.equals(cachedWidths, widths)
        && Arrays.equals(cachedCosts, costs)) {
      return cachedChoice;
    }
    ActivationSchedule best = null;
    long bestRecompute = Long.MAX_VALUE;
    long bestPeak = Long.MAX_VALUE;
    ActivationSchedule smallest = null;
    long smallestPeak = Long.MAX_VALUE;
    for (ActivationSchedule c : candidates(widths.length - 1, costs)) {
      Plan p = Planner.plan(c, widths, costs, batchSize);
      long recompute = costs == null ? p.recomputedForwards() : p.extraFlops();
      if (p.peakKeptBytes() < smallestPeak) {
        smallestPeak = p.peakKeptBytes();
        smallest = c;
      }
      if (p.peakKeptBytes() <= budget && (recompute < bestRecompute
          || recompute == bestRecompute && p.peakKeptBytes() < bestPeak)) {
        best = c;
        bestRecompute = recompute;
        bestPeak = p.peakKeptBytes();
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(spec() + ": budget " + Plan.bytes(budget) + " (" + budget
          + " B) is below the smallest feasible " + Plan.bytes(smallestPeak) + " (" + smallestPeak + " B, "
          + smallest.spec() + ") for this network at batch " + batchSize);
    }
    cachedWidths = widths.clone();
    cachedBatch = batchSize;
    cachedCosts = costs == null ? null : costs.clone();
    cachedChoice = best;
    return best;
  }

  /** Above this depth the O(n³) table of {@link SplitSchedule} candidates is skipped. */
  private static final int MAX_OPTIMAL_BLOCKS = 512;

  /** Store-all, every:1..n, revolve:1..n, split:3..n+1 (in that order, which breaks remaining ties). */
  static List<ActivationSchedule> candidates(int n) {
    return candidates(n, null);
  }

  /** The candidates; split schedules share one DP table (cost-weighted when costs are given). */
  static List<ActivationSchedule> candidates(int n, long[] costs) {
    List<ActivationSchedule> c = new ArrayList<>();
    c.add(StoreAll.INSTANCE);
    for (int k = 1; k <= n; k++) {
      c.add(new EveryK(k));
    }
    boolean weigh = costs != null && n <= SplitSchedule.MAX_WEIGHTED_BLOCKS && !SplitSchedule.allEqual(costs);
    Revolve.WeightedSplits revolveSplits = weigh ? new Revolve.WeightedSplits(costs, n) : null;
    for (int s = 1; s <= n; s++) {
      if (n + Revolve.minimalAdvances(n, s) <= MAX_ACTIONS) {
        c.add(new Revolve(s, revolveSplits));
      }
    }
    if (n <= MAX_OPTIMAL_BLOCKS) {
      SplitSchedule.Table table = new SplitSchedule.Table(n, Math.max(n - 1, 0));
      SplitSchedule.WeightedTable weighted = weigh ? new SplitSchedule.WeightedTable(costs, Math.max(n - 1, 0)) : null;
      int min = Math.max(3, table.minFree(n) + 2);
      for (int b = min; b <= n + 1; b++) {
        c.add(new SplitSchedule(b, table, weighted));
      }
    }
    return c;
  }
}
