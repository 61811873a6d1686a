package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** Planner numbers worked out by hand, recomputation formulas, and the JOL array-size rule. */
class PlannerTest {
  // depth 4, width 3, batch 2: every boundary holds 6 floats = 16 + 24 = 40 bytes
  private static final int[] W = Planner.widths(4, 3, 3, 3);

  @Test
  void jolSizesFloatArraysAsHeaderPlusDataRoundedToEight() {
    for (int len : new int[] {0, 1, 2, 3, 6, 7, 255, 256, 1023, 262144}) {
      assertEquals(ActionPlan.arrayBytes(len), GraphLayout.parseInstance((Object) new float[len]).totalSize(),
          "float[" + len + "]");
    }
    assertEquals(40, ActionPlan.arrayBytes(6));
    assertEquals(24, ActionPlan.arrayBytes(1));
  }

  @Test
  void storeAllKeepsAllFiveBoundaries() {
    Plan p = Planner.plan(StoreAll.INSTANCE, W, 2);
    assertEquals(200, p.peakKeptBytes());
    assertEquals(200, p.storeAllKeptBytes());
    assertEquals(5, p.peakLiveBuffers());
    assertEquals(0, p.recomputedForwards());
    assertEquals(0, p.extraFlops());
    // forward 2·2·3·3 = 36 per block; backward 72 per block except block 0 (36): 4·36 + 3·72 + 36
    assertEquals(396, p.storeAllStepFlops());
  }

  @Test
  void everyTwoKeepsFourBuffersAndRecomputesOneForward() {
    // checkpoints at boundaries 0 and 2, output 4; the last segment [2,4) keeps boundary 3 from the forward
    // pass (its backward comes first): {0,2,3,4}, the same peak as recomputing it; only block 0 is recomputed
    Plan p = Planner.plan(new EveryK(2), W, 2);
    assertEquals(160, p.peakKeptBytes());
    assertEquals(4, p.peakLiveBuffers());
    assertEquals(1, p.recomputedForwards());
    assertEquals(1, p.recomputedForwards(0));
    assertEquals(0, p.recomputedForwards(1));
    assertEquals(0, p.recomputedForwards(2));
    assertEquals(0, p.recomputedForwards(3));
    assertEquals(36, p.extraFlops());
    assertTrue(p.toString().contains("160B"), p.toString());
  }

  @Test
  void revolveOneAndTwoSlotsOnFourBlocks() {
    // s=1: t=3 (C(4,1)=4 >= 4), p = 3·4 − C(4,2) = 6 advances: 3+2+1 re-advances from the input
    Plan one = Planner.plan(new Revolve(1), W, 2);
    assertEquals(6, one.recomputedForwards());
    assertEquals(10, one.totalForwardCalls());
    // live at worst: input, output, current state, next state
    assertEquals(160, one.peakKeptBytes());
    // s=2: t=2 (C(4,2)=6 >= 4 > C(3,2)=3), p = 2·4 − C(4,1) = 4
    Plan two = Planner.plan(new Revolve(2), W, 2);
    assertEquals(4, two.recomputedForwards());
    assertEquals(8, two.totalForwardCalls());
    assertEquals(6, Revolve.minimalAdvances(4, 1));
    assertEquals(4, Revolve.minimalAdvances(4, 2));
  }

  @Test
  void everyKRecomputesAllButTheLastSegment() {
    for (int n : new int[] {1, 2, 3, 7, 16, 64, 100}) {
      int[] w = Planner.widths(n, 2, 2, 2);
      for (int k = 1; k <= n; k++) {
        Plan p = Planner.plan(new EveryK(k), w, 1);
        int segments = (n + k - 1) / k;
        // every segment but the last recomputes its k − 1 inner blocks; the last is kept from the forward pass
        assertEquals((segments - 1) * (k - 1), p.recomputedForwards(), "n=" + n + " k=" + k);
        int lastStart = (segments - 1) * k;
        for (int i = 0; i < n; i++) {
          int calls = i >= lastStart || i % k == k - 1 ? 1 : 2;
          assertEquals(calls, p.forwardCalls(i), "n=" + n + " k=" + k + " block " + i);
        }
      }
      assertEquals(SqrtN.k(n), (int) Math.ceil(Math.sqrt(n)));
    }
  }

  /** Minimal advances by dynamic programming over every split point, independent of the closed form. */
  private static long[][] dp(int maxL, int maxS) {
    long[][] p = new long[maxL + 1][maxS + 1];
    for (int l = 2; l <= maxL; l++) {
      p[l][1] = (long) l * (l - 1) / 2;
      for (int c = 2; c <= maxS; c++) {
        long best = Long.MAX_VALUE;
        for (int m = 1; m < l; m++) {
          best = Math.min(best, m + p[l - m][c - 1] + p[m][c]);
        }
        p[l][c] = best;
      }
    }
    return p;
  }

  @Test
  void revolveHitsTheBinomialOptimum() {
    long[][] dp = dp(70, 8);
    for (int l = 1; l <= 70; l++) {
      int[] w = Planner.widths(l, 2, 2, 2);
      for (int s = 1; s <= 8; s++) {
        long formula = Revolve.minimalAdvances(l, s);
        assertEquals(dp[l][s], formula, "closed form vs DP, l=" + l + " s=" + s);
        Plan p = Planner.plan(new Revolve(s), w, 1);
        // total forward calls = n taped forwards (one per turn) + p(n,s) advances (first sweep included)
        assertEquals(l + formula, p.totalForwardCalls(), "l=" + l + " s=" + s);
        assertEquals(formula, p.recomputedForwards());
        assertTrue(p.peakLiveBuffers() <= Math.min(s, l) + 3, "s+3 bound, l=" + l + " s=" + s);
      }
    }
    // 64 blocks, s=4: C(7,4)=35 < 64 <= C(8,4)=70, so t=4 and p = 4·64 − C(8,3) = 256 − 56 = 200
    assertEquals(4, Revolve.repetitions(64, 4));
    assertEquals(200, Revolve.minimalAdvances(64, 4));
  }

  @Test
  void memoryBudgetNeverExceedsAndBeatsEveryFittingEveryK() {
    for (int n : new int[] {1, 3, 7, 16, 64}) {
      int[] w = Planner.widths(n, 8, 5, 3);
      long storeAll = Planner.storeAllBytes(w, 4);
      long smallest = Long.MAX_VALUE;
      for (ActivationSchedule c : MemoryBudget.candidates(n)) {
        smallest = Math.min(smallest, Planner.plan(c, w, 4).peakKeptBytes());
      }
      for (long budget = smallest; budget <= storeAll + 100; budget += Math.max(1, (storeAll - smallest) / 37)) {
        Plan chosen = Planner.plan(new MemoryBudget(budget), w, 4);
        assertTrue(chosen.peakKeptBytes() <= budget, "n=" + n + " budget " + budget);
        for (int k = 1; k <= n; k++) {
          Plan every = Planner.plan(new EveryK(k), w, 4);
          if (every.peakKeptBytes() <= budget) {
            assertTrue(chosen.recomputedForwards() <= every.recomputedForwards(), "n=" + n + " budget " + budget
                + " chose " + chosen.resolvedSpec() + " but every:" + k + " fits with less recomputation");
          }
        }
      }
      long tooSmall = smallest - 1;
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> Planner.plan(new MemoryBudget(tooSmall), w, 4));
      assertTrue(e.getMessage().contains("smallest feasible") && e.getMessage().contains("(" + smallest + " B"),
          e.getMessage());
    }
  }

  @Test
  void planTableListsEveryPolicy() {
    String t = Plan.table(java.util.List.of(Planner.plan(StoreAll.INSTANCE, W, 2), Planner.plan(new EveryK(2), W, 2),
        Planner.plan(new MemoryBudget(170), W, 2)));
    assertTrue(t.contains("none") && t.contains("every:2") && t.contains("budget:170"), t);
    assertEquals(4, t.strip().split("\n").length, t);
  }

  @Test
  void bufferOptimalMeetsItsBufferCountAndTheDpCost() {
    // independent numbers (a separate script over the same recursion): 64 blocks
    int[] w64 = Planner.widths(64, 2, 2, 2);
    long[][] want = {{5, 901}, {6, 234}, {7, 145}, {11, 72}, {12, 61}, {16, 49}, {19, 46}, {65, 0}};
    for (long[] bw : want) {
      Plan p = Planner.plan(new SplitSchedule((int) bw[0]), w64, 1);
      assertEquals(bw[1], p.recomputedForwards(), "split:" + bw[0]);
      assertTrue(p.peakLiveBuffers() <= bw[0], "split:" + bw[0] + " holds " + p.peakLiveBuffers());
    }
    for (int n = 1; n <= 40; n++) {
      int[] w = Planner.widths(n, 2, 2, 2);
      SplitSchedule.Table table = new SplitSchedule.Table(n, Math.max(n - 1, 0));
      for (int b = Math.max(3, table.minFree(n) + 2); b <= n + 2; b++) {
        Plan p = Planner.plan(new SplitSchedule(b), w, 1);
        assertEquals(SplitSchedule.cost(n, b, table), p.recomputedForwards(), "n=" + n + " b=" + b);
        assertTrue(p.peakLiveBuffers() <= b, "n=" + n + " b=" + b + " holds " + p.peakLiveBuffers());
        // never worse than every-k at the same buffer count
        for (int k = 1; k <= n; k++) {
          Plan e = Planner.plan(new EveryK(k), w, 1);
          if (e.peakLiveBuffers() <= b) {
            assertTrue(p.recomputedForwards() <= e.recomputedForwards(), "n=" + n + " b=" + b + " k=" + k);
          }
        }
      }
    }
    String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Planner.plan(new SplitSchedule(4), w64, 1)).getMessage();
    assertEquals("split:4: 64 blocks need at least 5 buffers (input, output and 3 more)", m);
  }
}
