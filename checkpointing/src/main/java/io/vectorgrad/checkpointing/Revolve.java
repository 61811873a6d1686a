package io.vectorgrad.checkpointing;

/**
 * Binomial checkpointing (Griewank 1992; Griewank &amp; Walther, "Algorithm 799: Revolve", 2000) with
 * {@code s} snapshot slots, the schedule with the fewest forward steps for that many snapshots.
 *
 * <p><b>Model and counters.</b> Reversing step {@code i} ({@code youturn}, or {@code firstturn} for the last
 * step) runs {@code forward(i)} once more into a fresh "tape" buffer (boundary {@code i+1}) and then
 * {@code backward(i)}; {@code advance} runs plain forwards; {@code takeshot} keeps the current boundary in a
 * slot; {@code restore} goes back to a slot. Slot 0 holds boundary 0, the mini-batch itself, so
 * {@code s} counts it. Griewank's minimal number of advances for {@code l} steps and {@code s} slots is
 * {@code p(l,s) = t·l − C(s+t, t−1)}, {@code t} the smallest integer with {@code C(s+t, s) ≥ l}; it
 * <em>includes</em> the {@code l−1} advances of the first forward sweep and excludes the {@code l} taped
 * forwards of the turns. Hence, after one run:
 * <pre>  Σ_i forwardCalls(i) = n + p(n, s)    and    recomputed layer forwards = p(n, s).</pre>
 * With {@code s ≥ n} this gives {@code t = 1}, {@code p = n − 1}: Revolve re-executes each step once for its
 * turn even when every boundary is kept, which {@link EveryK}{@code (1)} does not need in this SPI (a block's
 * backward takes its kept output); {@link MemoryBudget} compares both families.
 *
 * <p><b>Live buffers.</b> The s slots (one of them the input), the current state, the buffer being computed,
 * and the output (kept for {@code Execution.output()}): at most {@code s + 3} boundaries.
 */
public final class Revolve extends PlannedSchedule {
  private final int slots;
  private final WeightedSplits shared; // from MemoryBudget, for all slot counts; may be null

  /** @throws IllegalArgumentException when {@code s < 1} */
  public Revolve(int s) {
    this(s, null);
  }

  Revolve(int s, WeightedSplits shared) {
    this.shared = shared;
    if (s < 1) {
      throw new IllegalArgumentException("revolve:" + s + ": s must be at least 1 (slot 0 holds the input)");
    }
    this.slots = s;
  }

  public int slots() {
    return slots;
  }

  @Override
  public String spec() {
    return "revolve:" + slots;
  }

  /** {@code C(n, k)} exactly; {@code 0} for {@code k < 0} or {@code k > n}. */
  static long binomial(long n, long k) {
    if (k < 0 || k > n) {
      return 0;
    }
    k = Math.min(k, n - k);
    long r = 1;
    for (long i = 0; i < k; i++) {
      r = Math.multiplyExact(r, n - i) / (i + 1); // exact: r·(n−i) is C(n, i+1)·(i+1)
    }
    return r;
  }

  /** The repetition number: smallest {@code t >= 0} with {@code C(s+t, s) >= l}. */
  static int repetitions(long l, int s) {
    int t = 0;
    while (binomial(s + t, s) < l) {
      t++;
    }
    return t;
  }

  /** Griewank's minimal number of advances {@code p(l,s) = t·l − C(s+t, t−1)} for {@code l >= 1, s >= 1}. */
  public static long minimalAdvances(long l, int s) {
    if (l < 1 || s < 1) {
      throw new IllegalArgumentException("p(l,s) needs l >= 1 and s >= 1, got l=" + l + ", s=" + s);
    }
    int t = repetitions(l, s);
    return t * l - binomial(s + t, t - 1);
  }

  @Override
  ActionPlan actions(int[] widths, int batchSize) {
    int n = widths.length - 1;
    return new Builder(n, null).build(Math.min(slots, n));
  }

  /**
   * With unequal block costs (up to {@value SplitSchedule#MAX_WEIGHTED_BLOCKS} blocks) the split points are
   * chosen by a position-indexed DP that minimises the recomputed FLOPs instead of Griewank's count: with
   * {@code F(a,b)} the cost of advancing over blocks {@code a..b−1},
   * {@code R(a,b,1) = Σ_{i=a}^{b−1} F(a,i) + cost_i}, {@code R(a,a+1,c) = cost_a} and
   * {@code R(a,b,c) = min_m F(a,a+m) + R(a+m,b,c−1) + R(a,a+m,c)}. The action structure (slots, turns) is
   * Revolve's, so the live-buffer bound is unchanged; equal costs give exactly the binomial schedule.
   */
  @Override
  ActionPlan actions(int[] widths, long[] costs, int batchSize) {
    int n = widths.length - 1;
    if (costs == null || n > SplitSchedule.MAX_WEIGHTED_BLOCKS || SplitSchedule.allEqual(costs)) {
      return actions(widths, batchSize);
    }
    int s = Math.min(slots, n);
    WeightedSplits w = shared != null && shared.matches(costs) && shared.maxSlots() >= s ? shared
        : new WeightedSplits(costs, s);
    return new Builder(n, w).build(s);
  }

  /** The cost-weighted optimal first steps {@code m(a, b, c)} of {@link #actions(int[], long[], int)}. */
  static final class WeightedSplits {
    private final long[] costs;
    private final int maxC;
    private final long[] prefix;
    private final long[][][] r; // [a][l][c]
    private final int[][][] choice;

    WeightedSplits(long[] costs, int maxC) {
      this.costs = costs.clone();
      this.maxC = maxC;
      int n = costs.length;
      prefix = new long[n + 1];
      for (int i = 0; i < n; i++) {
        prefix[i + 1] = prefix[i] + costs[i];
      }
      r = new long[n][][];
      choice = new int[n][][];
      for (int a = 0; a < n; a++) {
        r[a] = new long[n - a + 1][maxC + 1];
        choice[a] = new int[n - a + 1][maxC + 1];
      }
      for (int l = 1; l <= n; l++) {
        for (int a = 0; a + l <= n; a++) {
          for (int c = 1; c <= maxC; c++) {
            if (l == 1) {
              r[a][l][c] = costs[a];
            } else if (c == 1) {
              long v = 0;
              for (int i = a; i < a + l; i++) {
                v += prefix[i] - prefix[a] + costs[i];
              }
              r[a][l][c] = v;
            } else {
              long best = Long.MAX_VALUE;
              int bm = 1;
              for (int m = l - 1; m >= 1; m--) { // largest m first, like the binomial split
                long v = prefix[a + m] - prefix[a] + r[a + m][l - m][c - 1] + r[a][m][c];
                if (v < best) {
                  best = v;
                  bm = m;
                }
              }
              r[a][l][c] = best;
              choice[a][l][c] = bm;
            }
          }
        }
      }
    }

    int split(int a, int l, int c) {
      return choice[a][l][c];
    }

    boolean matches(long[] c) {
      return java.util.Arrays.equals(costs, c);
    }

    int maxSlots() {
      return maxC;
    }
  }

  /** Emits the action sequence by the binomial recursion, in terms of the executor's primitive actions. */
  private static final class Builder {
    private final int n;
    private final ActionPlan.Builder p;
    private final boolean[] inSlot;
    private final WeightedSplits weighted; // null: Griewank's binomial splits
    private int cur;
    private boolean first = true;

    Builder(int n, WeightedSplits weighted) {
      this.n = n;
      this.weighted = weighted;
      this.p = new ActionPlan.Builder(n);
      this.inSlot = new boolean[n + 1];
    }

    ActionPlan build(int s) {
      inSlot[0] = true; // takeshot of the input
      cur = 0;
      reverse(0, n, s);
      return p.build();
    }

    /** Reverses steps {@code a..b-1}; on entry the current state is {@code a}, held in one of {@code c} slots. */
    private void reverse(int a, int b, int c) {
      int l = b - a;
      if (l == 1) {
        turn(a);
      } else if (c == 1) {
        for (int i = b - 1; i >= a; i--) {
          restore(a);
          advance(i);
          turn(i);
        }
      } else {
        int m = weighted != null ? weighted.split(a, l, c) : split(l, c);
        advance(a + m);
        inSlot[a + m] = true; // takeshot
        reverse(a + m, b, c - 1);
        inSlot[a + m] = false; // its slot is free again
        restore(a);
        reverse(a, a + m, c);
      }
    }

    /**
     * An optimal first step: {@code m} with {@code m + p(l−m, c−1) + p(m, c) = p(l, c)}. The binomial
     * theory guarantees one exists; we take the largest.
     */
    private static int split(int l, int c) {
      long best = minimalAdvances(l, c);
      for (int m = l - 1; m >= 1; m--) {
        if (m + minimalAdvances(l - m, c - 1) + minimalAdvances(m, c) == best) {
          return m;
        }
      }
      throw new IllegalStateException("no optimal split for l=" + l + ", c=" + c);
    }

    private void advance(int to) {
      for (int j = cur; j < to; j++) {
        p.fwd(j);
        if (j > 0 && !inSlot[j]) {
          p.free(j);
        }
      }
      cur = to;
    }

    private void restore(int a) {
      if (cur != a && cur > 0 && !inSlot[cur]) {
        p.free(cur);
      }
      cur = a;
    }

    private void turn(int i) {
      p.fwd(i);
      if (first) {
        p.grad();
        first = false;
      }
      p.bwd(i);
      if (i + 1 < n) {
        p.free(i + 1);
      }
    }
  }
}
