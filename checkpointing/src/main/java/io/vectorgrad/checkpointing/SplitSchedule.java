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
 * This family contains every-k (and beats it: the last segment is never recomputed) but not Revolve, which
 * frees a boundary after its turn and recomputes it later, and therefore wins at very small B; on 64 blocks
 * {@code split:11} recomputes 72 forwards against Revolve(8)'s 137 at the same 11 buffers, while
 * {@code split:5} needs 901 against Revolve(2)'s 420. {@link MemoryBudget} considers both.
 */
public final class SplitSchedule extends PlannedSchedule {
  private final int buffers;
  private final Table shared; // a table for this depth and all buffer counts, from MemoryBudget; may be null

  /** @throws IllegalArgumentException when {@code buffers < 3} */
  public SplitSchedule(int buffers) {
    this(buffers, null);
  }

  SplitSchedule(int buffers, Table shared) {
    this.shared = shared;
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

  ActionPlan actions(int n, int c, Table t) {
    if (t.g(n, c) >= Table.INF) {
      int min = new Table(n, Math.min(Math.max(n - 1, 0), 3)).minFree(n);
      throw new IllegalArgumentException(spec() + ": " + n + " blocks need at least " + (min + 2)
          + " buffers (input, output and " + min + " more)");
    }
    Emitter e = new Emitter(n, t);
    e.g(0, n, c);
    return e.p.build();
  }

  /** Recomputed forwards this schedule will run (the DP optimum). */
  static long cost(int n, int buffers, Table t) {
    return t.g(n, Math.min(buffers - 2, Math.max(n - 1, 0)));
  }

  /** The DP tables {@code T}, {@code U}, {@code G} and their optimal choices for up to n blocks and c free buffers. */
  static final class Table {
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
    final Table tab;
    final ActionPlan.Builder p;

    Emitter(int n, Table tab) {
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
      int choice = tab.gChoice[l][c];
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
      int m = tab.uChoice[l][c];
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
      int m = tab.tChoice[l][c];
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
