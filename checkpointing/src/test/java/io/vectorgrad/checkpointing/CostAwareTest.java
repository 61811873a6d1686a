package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Split schedules and memory budgets weigh recomputation by the blocks' real costs when they are known. */
class CostAwareTest {
  static long weighted(Plan p, long[] costs) {
    long s = 0;
    for (int i = 0; i < costs.length; i++) {
      s += (p.forwardCalls(i) - 1) * costs[i];
    }
    return s;
  }

  @Test
  void splitAvoidsRecomputingAnExpensiveBlock() {
    int n = 12;
    int[] widths = Planner.widths(n, 4, 4, 4);
    int strictlyBetter = 0;
    for (int expensive = 0; expensive < n; expensive++) {
      long[] costs = new long[n];
      Arrays.fill(costs, 10);
      costs[expensive] = 10_000; // e.g. a wide residual block among cheap norms
      for (int b = 5; b <= 8; b++) {
        SplitSchedule s = new SplitSchedule(b);
        Plan counted = Planner.plan(s, widths, 3);
        Plan costed = Planner.plan(s, widths, costs, 3);
        String what = "split:" + b + ", block " + expensive + " expensive";
        assertTrue(costed.peakLiveBuffers() <= b, what + " stays within its buffers");
        assertEquals(weighted(costed, costs), costed.extraFlops(), "the plan reports cost-weighted FLOPs");
        assertTrue(costed.extraFlops() <= weighted(counted, costs), what + ": " + costed.extraFlops() + " vs "
            + weighted(counted, costs));
        if (costed.extraFlops() < weighted(counted, costs)) {
          strictlyBetter++;
          assertEquals(1, costed.forwardCalls(expensive), what + ": the expensive block is not recomputed");
        }
      }
    }
    assertTrue(strictlyBetter > 0, "weighing by cost changes some plans");
    // equal costs: the same plan as counting forwards
    long[] equal = new long[n];
    Arrays.fill(equal, 7);
    Plan a = Planner.plan(new SplitSchedule(5), widths, 3);
    assertTrue(a.recomputedForwards() > 0);
    Plan e = Planner.plan(new SplitSchedule(5), widths, equal, 3);
    for (int i = 0; i < n; i++) {
      assertEquals(a.forwardCalls(i), e.forwardCalls(i));
    }
  }

  @Test
  void revolveWeighsItsSplitsByCost() {
    int n = 12;
    int[] widths = Planner.widths(n, 4, 4, 4);
    int strictlyBetter = 0;
    for (int expensive = 0; expensive < n; expensive++) {
      long[] costs = new long[n];
      Arrays.fill(costs, 10);
      costs[expensive] = 10_000;
      for (int s = 2; s <= 4; s++) {
        Plan counted = Planner.plan(new Revolve(s), widths, 3);
        Plan costed = Planner.plan(new Revolve(s), widths, costs, 3);
        String what = "revolve:" + s + ", block " + expensive + " expensive";
        assertTrue(costed.peakLiveBuffers() <= s + 3, what + ": Revolve's buffer bound");
        assertTrue(costed.extraFlops() <= weighted(counted, costs), what);
        if (costed.extraFlops() < weighted(counted, costs)) {
          strictlyBetter++;
        }
      }
    }
    assertTrue(strictlyBetter > 0, "weighing by cost changes some Revolve plans");
  }

  @Test
  void budgetMinimisesRecomputedFlops() {
    int n = 10;
    int[] widths = Planner.widths(n, 8, 8, 8);
    long[] costs = {5, 5, 5, 5000, 5, 5, 5, 5, 5, 5};
    long storeAll = Planner.storeAllBytes(widths, 4);
    for (long budget = storeAll / 2; budget <= storeAll; budget += storeAll / 6) {
      MemoryBudget m = new MemoryBudget(budget);
      Plan chosen = Planner.plan(m, widths, costs, 4);
      assertTrue(chosen.peakKeptBytes() <= budget);
      for (io.vectorgrad.training.backprop.ActivationSchedule c : MemoryBudget.candidates(n, costs)) {
        Plan p = Planner.plan(c, widths, costs, 4);
        if (p.peakKeptBytes() <= budget) {
          assertTrue(chosen.extraFlops() <= p.extraFlops(), m.spec() + " chose " + chosen.resolvedSpec() + " ("
              + chosen.extraFlops() + ") over " + c.spec() + " (" + p.extraFlops() + ")");
        }
      }
    }
  }
}
