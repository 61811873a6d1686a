package io.vectorgrad.checkpointing;

/**
 * Split schedules for at most {@code B} live activation buffers (input and output included), chosen by
 * dynamic programming in <em>this</em> SPI's memory model, where a block's backward takes its kept input
 * and output boundaries and needs no taped re-execution. Spec {@code split:B}.
 *
 * <p>A segment is reversed by advancing to a split point, keeping it, reversing the right part, then the
 * left part, with the kept boundary serving directly as the left part's last output. With {@code c} free
 * buffers besides the two live ends, {@code T(l,c)} the cost of reversing {@code l} blocks between two live
 * boundaries, {@code U} the same when the right end is the output (which is never freed), and {@code G}
 * including the first sweep (whose advances are not recomputation):
 * <pre>
 *   T(1,c) = 0;  T(l,c) = l−1 if c ≥ l−1;  else min_m  m + T(l−m, c−1) + T(m, c)
 *   U(l,c) = likewise, with  m + U(l−m, c−1) + T(m, c−1)
 *   G(l,c) = 0 if c ≥ l−1;  else min( U(l,c),  min_m  G(l−m, c−1) + T(m, c−1) )
 * </pre>
 * An advance of more than one block needs two free buffers. Recomputed layer forwards = {@code G(n, B−2)}.
 * This family contains every-k (which now also keeps its last segment from the forward pass) but not Revolve, which
 * frees a boundary after its turn and recomputes it later, and therefore wins at very small B; on 64 blocks
 * {@code split:11} recomputes 72 forwards against Revolve(8)'s 137 at the same 11 buffers, while
 * {@code split:5} needs 901 against Revolve(2)'s 420. {@link MemoryBudget} considers both.
 */
public final class SplitSchedule extends PlannedSchedule {
  private final int buffers;
  /** Above this depth the cost-weighted tables (O(n³) memory, O(n⁴) time) are not built: forwards are counted. */
  static final int MAX_WEIGHTED_BLOCKS = 96;

  private final Table shared; // a table for this depth and all buffer counts, from MemoryBudget; may be null
  private final WeightedTable sharedWeighted; // the same for given block costs; may be null

  /** @throws IllegalArgumentException when {@code buffers < 3} */
  public SplitSchedule(int buffers) {
    this(buffers, null);
  }

  SplitSchedule(int buffers, Table shared) {
    this(buffers, shared, null);
  }

  SplitSchedule(int buffers, Table shared, WeightedTable sharedWeighted) {
    this.shared = shared;
    this.sharedWeighted = sharedWeighted;
    if (buffers < 3) {
      throw new IllegalArgumentException("split:" + buffers + ": at least 3 buffers are needed (input, output and"
          + " one more)");
    }
    this.buffers = buffers;
  }

  public int buffers() {
    return buffers;
  }

  @Override
  public String spec() {
    return "split:" + buffers;
  }

  @Override
  ActionPlan actions(int[] widths, int batchSize) {
    int n = widths.length - 1;
    int c = Math.min(buffers - 2, Math.max(n - 1, 0));
    return actions(n, c, shared != null && shared.blocks() == n ? shared : new Table(n, c));
  }

  /**
   * With block costs the DP minimises recomputed FLOPs instead of forwards: the same recurrences with an
   * advance over blocks {@code a..b−1} costing {@code Σ costs[a..b−1]} instead of {@code b − a}, indexed by
   * position (up to {@value #MAX_WEIGHTED_BLOCKS} blocks; deeper chains and equal costs count forwards,
   * which is the same optimum for equal costs).
   */
  @Override
  ActionPlan actions(int[] widths, long[] costs, int batchSize) {
    int n = widths.length - 1;
    if (costs == null || n > MAX_WEIGHTED_BLOCKS || allEqual(costs)) {
      return actions(widths, batchSize);
    }
    int c = Math.min(buffers - 2, Math.max(n - 1, 0));
    WeightedTable w = sharedWeighted != null && sharedWeighted.matches(costs) ? sharedWeighted
        : new WeightedTable(costs, c);
    if (w.g(0, n, c) >= Table.INF) {
      throw infeasible(n);
    }
    Emitter e = new Emitter(n, w);
    e.g(0, n, c);
    return e.p.build();
  }

  static boolean allEqual(long[] costs) {
    for (long x : costs) {
      if (x != costs[0]) {
        return false;
      }
    }
    return true;
  }

  private IllegalArgumentException infeasible(int n) {
    int min = new Table(n, Math.min(Math.max(n - 1, 0), 3)).minFree(n);
    return new IllegalArgumentException(spec() + ": " + n + " blocks need at least " + (min + 2)
        + " buffers (input, output and " + min + " more)");
  }

  ActionPlan actions(int n, int c, Table t) {
    if (t.g(n, c) >= Table.INF) {
      throw infeasible(n);
    }
    Emitter e = new Emitter(n, t);
    e.g(0, n, c);
    return e.p.build();
  }

  /** The DP's optimal choices, by start position {@code a}, length {@code l} and free buffers {@code c}. */
  interface Choices {
    int tChoice(int a, int l, int c);

    int uChoice(int a, int l, int c);

    int gChoice(int a, int l, int c);
  }

  /** The DP of {@link Table} with per-block costs: position-indexed, {@code T[a][l][c]}. */
  static final class WeightedTable implements Choices {
    private final long[] costs;
    private final long[] prefix;
    private final int n;
    private final int maxC;
    private final long[][][] t;
    private final int[][][] tc;
    private final long[][] u; // [a][c], l = n − a
    private final int[][] uc;
    private final long[][] g;
    private final int[][] gc;

    WeightedTable(long[] costs, int maxC) {
      this.costs = costs.clone();
      this.n = costs.length;
      this.maxC = maxC;
      prefix = new long[n + 1];
      for (int i = 0; i < n; i++) {
        prefix[i + 1] = prefix[i] + costs[i];
      }
      t = new long[n][][];
      tc = new int[n][][];
      for (int a = 0; a < n; a++) {
        t[a] = new long[n - a + 1][maxC + 1];
        tc[a] = new int[n - a + 1][maxC + 1];
      }
      u = new long[n + 1][maxC + 1];
      uc = new int[n + 1][maxC + 1];
      g = new long[n + 1][maxC + 1];
      gc = new int[n + 1][maxC + 1];
      for (int l = 1; l <= n; l++) {
        for (int a = 0; a + l <= n; a++) {
          for (int c = 0; c <= maxC; c++) {
            long best;
            int choice = 0;
            if (l == 1) {
              best = 0;
            } else if (c >= l - 1) {
              best = f(a, a + l - 1);
            } else {
              best = Table.INF;
              for (int m = 1; m < l; m++) {
                if (c < (m == 1 ? 1 : 2)) {
                  continue;
                }
                long v = f(a, a + m) + t[a + m][l - m][c - 1] + t[a][m][c];
                if (v < best) {
                  best = v;
                  choice = m;
                }
              }
            }
            t[a][l][c] = Math.min(best, Table.INF);
            tc[a][l][c] = choice;
          }
        }
        int a = n - l;
        for (int c = 0; c <= maxC; c++) {
          long best;
          int choice = 0;
          if (l == 1) {
            best = 0;
          } else if (c >= l - 1) {
            best = f(a, a + l - 1);
          } else {
            best = Table.INF;
            for (int m = 1; m < l; m++) {
              if (c < (m == 1 ? 1 : 2)) {
                continue;
              }
              long v = f(a, a + m) + u[a + m][c - 1] + t[a][m][c - 1];
              if (v < best) {
                best = v;
                choice = m;
              }
            }
          }
          u[a][c] = Math.min(best, Table.INF);
          uc[a][c] = choice;
        }
        for (int c = 0; c <= maxC; c++) {
          if (c >= l - 1) {
            g[a][c] = 0;
            gc[a][c] = -1;
            continue;
          }
          long best = c >= (l >= 3 ? 2 : 1) ? u[a][c] : Table.INF;
          int choice = 0;
          for (int m = 1; m < l; m++) {
            if (c < (m == 1 ? 1 : 2)) {
              continue;
            }
            long v = g[a + m][c - 1] + t[a][m][c - 1];
            if (v < best) {
              best = v;
              choice = m;
            }
          }
          g[a][c] = Math.min(best, Table.INF);
          gc[a][c] = choice;
        }
      }
    }

    private long f(int a, int b) {
      return prefix[b] - prefix[a];
    }

    boolean matches(long[] c) {
      return java.util.Arrays.equals(costs, c);
    }

    int maxFree() {
      return maxC;
    }

    /** Recomputed FLOPs of reversing blocks a..n−1 (a + l = n) with c free buffers, first sweep excluded. */
    long g(int a, int l, int c) {
      return g[a][Math.min(c, maxC)];
    }

    @Override
    public int tChoice(int a, int l, int c) {
      return tc[a][l][c];
    }

    @Override
    public int uChoice(int a, int l, int c) {
      return uc[a][c];
    }

    @Override
    public int gChoice(int a, int l, int c) {
      return gc[a][c];
    }
  }

  /** Recomputed forwards this schedule will run (the DP optimum). */
  static long cost(int n, int buffers, Table t) {
    return t.g(n, Math.min(buffers - 2, Math.max(n - 1, 0)));
  }

  /** The DP tables {@code T}, {@code U}, {@code G} and their optimal choices for up to n blocks and c free buffers. */
  static final class Table implements Choices {
    static final long INF = Long.MAX_VALUE / 4;
    private final int maxC;
    private final int blocks;
    private final long[][] t; // [l][c]
    private final int[][] tChoice; // 0 = recompute all interior, m > 0 = split
    private final long[][] u; // like t, right end = the output, which stays live
    private final int[][] uChoice;
    private final long[][] g;
    private final int[][] gChoice; // -1 = keep everything, 0 = straight to the end then T, m > 0 = split

    Table(int n, int maxC) {
      this.maxC = maxC;
      this.blocks = n;
      t = new long[n + 1][maxC + 1];
      tChoice = new int[n + 1][maxC + 1];
      u = new long[n + 1][maxC + 1];
      uChoice = new int[n + 1][maxC + 1];
      g = new long[n + 1][maxC + 1];
      gChoice = new int[n + 1][maxC + 1];
      for (int l = 1; l <= n; l++) {
        for (int c = 0; c <= maxC; c++) {
          // T
          long best;
          int choice = 0;
          if (l == 1) {
            best = 0;
          } else if (c >= l - 1) {
            best = l - 1;
          } else {
            best = INF;
            for (int m = 1; m < l; m++) {
              if (c < (m == 1 ? 1 : 2)) {
                continue;
              }
              long v = m + t[l - m][c - 1] + t[m][c];
              if (v < best) {
                best = v;
                choice = m;
              }
            }
          }
          t[l][c] = Math.min(best, INF);
          tChoice[l][c] = choice;
          // U
          choice = 0;
          if (l == 1) {
            best = 0;
          } else if (c >= l - 1) {
            best = l - 1;
          } else {
            best = INF;
            for (int m = 1; m < l; m++) {
              if (c < (m == 1 ? 1 : 2)) {
                continue;
              }
              long v = m + u[l - m][c - 1] + t[m][c - 1];
              if (v < best) {
                best = v;
                choice = m;
              }
            }
          }
          u[l][c] = Math.min(best, INF);
          uChoice[l][c] = choice;
          // G
          if (c >= l - 1) {
            g[l][c] = 0;
            gChoice[l][c] = -1;
            continue;
          }
          best = c >= (l >= 3 ? 2 : 1) ? u[l][c] : INF;
          choice = 0;
          for (int m = 1; m < l; m++) {
            if (c < (m == 1 ? 1 : 2)) {
              continue;
            }
            long v = g[l - m][c - 1] + t[m][c - 1];
            if (v < best) {
              best = v;
              choice = m;
            }
          }
          g[l][c] = Math.min(best, INF);
          gChoice[l][c] = choice;
        }
      }
    }

    int blocks() {
      return blocks;
    }

    @Override
    public int tChoice(int a, int l, int c) {
      return tChoice[l][c];
    }

    @Override
    public int uChoice(int a, int l, int c) {
      return uChoice[l][c];
    }

    @Override
    public int gChoice(int a, int l, int c) {
      return gChoice[l][c];
    }

    long g(int l, int c) {
      return g[l][Math.min(c, maxC)];
    }

    /** Smallest c with a finite G(n, c). */
    int minFree(int n) {
      for (int c = 0; c <= maxC; c++) {
        if (g[n][c] < INF) {
          return c;
        }
      }
      return maxC + 1;
    }
  }

  /** Turns the DP choices into executor actions. */
  private static final class Emitter {
    final int n;
    final Choices tab;
    final ActionPlan.Builder p;

    Emitter(int n, Choices tab) {
      this.n = n;
      this.tab = tab;
      this.p = new ActionPlan.Builder(n);
    }

    /** Forward from a to b, freeing the boundaries in between (a stays live, b becomes live). */
    void advance(int a, int b) {
      for (int j = a; j < b; j++) {
        p.fwd(j);
        if (j > a) {
          p.free(j);
        }
      }
    }

    /** Backward of blocks b−1..a with every boundary a..b live; frees (a, b] except the output. */
    void backAll(int a, int b) {
      for (int j = b - 1; j >= a; j--) {
        p.bwd(j);
        if (j + 1 < n) {
          p.free(j + 1);
        }
      }
    }

    /** First sweep from a (live) to the output, then reversal of blocks a..n−1; a stays live. */
    void g(int a, int l, int c) {
      int choice = tab.gChoice(a, l, c);
      if (choice < 0) {
        for (int j = a; j < n; j++) {
          p.fwd(j);
        }
        p.grad();
        backAll(a, n);
      } else if (choice == 0) {
        advance(a, n);
        p.grad();
        u(a, l, c);
      } else {
        advance(a, a + choice);
        g(a + choice, l - choice, c - 1);
        t(a, choice, c - 1);
      }
    }

    /** Reverses blocks a..n−1 with a and the output live (a + l = n); frees (a, n). */
    void u(int a, int l, int c) {
      if (l == 1) {
        backAll(a, a + 1);
        return;
      }
      int m = tab.uChoice(a, l, c);
      if (m == 0) {
        for (int j = a; j < a + l - 1; j++) {
          p.fwd(j);
        }
        backAll(a, a + l);
      } else {
        advance(a, a + m);
        u(a + m, l - m, c - 1);
        t(a, m, c - 1);
      }
    }

    /** Reverses blocks a..a+l−1 with boundaries a and a+l live; frees (a, a+l] except the output. */
    void t(int a, int l, int c) {
      if (l == 1) {
        backAll(a, a + 1);
        return;
      }
      int m = tab.tChoice(a, l, c);
      if (m == 0) {
        for (int j = a; j < a + l - 1; j++) {
          p.fwd(j);
        }
        backAll(a, a + l);
      } else {
        advance(a, a + m);
        t(a + m, l - m, c - 1);
        t(a, m, c);
      }
    }
  }
}
