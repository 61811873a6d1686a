package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import org.junit.jupiter.api.Test;

/** Spec parsing and every bad-input message. */
class BadInputTest {
  private static final int[] DEPTH64 = Planner.widths(64, 16, 16, 16);

  private static String fails(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void parsesEveryForm() {
    assertSame(StoreAll.INSTANCE, CheckpointPolicies.parse("none"));
    assertSame(SqrtN.INSTANCE, CheckpointPolicies.parse("sqrt"));
    assertEquals(4, ((EveryK) CheckpointPolicies.parse("every:4")).k());
    assertEquals(3, ((Revolve) CheckpointPolicies.parse("revolve:3")).slots());
    assertEquals(64L << 20, ((MemoryBudget) CheckpointPolicies.parse("budget:64MiB")).bytes());
    assertEquals(512L << 10, ((MemoryBudget) CheckpointPolicies.parse("budget:512KiB")).bytes());
    assertEquals(1L << 30, ((MemoryBudget) CheckpointPolicies.parse("budget:1GiB")).bytes());
    assertEquals(4096, ((MemoryBudget) CheckpointPolicies.parse("budget:4096")).bytes());
    assertEquals("budget:12MiB", CheckpointPolicies.parse("budget:12MiB").spec());
    assertEquals("manual:0,5,9", CheckpointPolicies.parse("manual:0,5,9").spec());
    assertEquals(11, ((SplitSchedule) CheckpointPolicies.parse("split:11")).buffers());
    for (String s : new String[] {"none", "sqrt", "every:7", "revolve:2", "budget:3MiB", "manual:0,1", "split:5"}) {
      assertEquals(s, CheckpointPolicies.parse(s).spec());
    }
  }

  @Test
  void badSpecsNameTheSpecAndTheAcceptedForms() {
    for (String s : new String[] {"", "all", "every", "every:", "every:x", "every:0", "every:-2", "revolve:0",
        "budget:", "budget:lots", "budget:12XB", "budget:0", "manual:", "manual:a", "manual:1,2", "manual:0,3,3",
        "manual:0,5,2", "none:1", "sqrt:2", "split:2", "split:"}) {
      String m = fails(() -> CheckpointPolicies.parse(s));
      assertTrue(m.contains("'" + s + "'") && m.contains("every:K") && m.contains("revolve:S")
          && m.contains("budget:SIZE"), m);
    }
    assertTrue(fails(() -> CheckpointPolicies.parse("every:0")).contains("k must be at least 1"));
    assertTrue(fails(() -> CheckpointPolicies.parse("revolve:0")).contains("s must be at least 1"));
    assertTrue(fails(() -> CheckpointPolicies.parse("manual:1,2")).contains("start with block 0"));
    assertTrue(fails(() -> CheckpointPolicies.parse("manual:0,3,3")).contains("strictly increasing"));
  }

  @Test
  void networkDependentChecksStateTheFeasibleRange() {
    assertEquals("every:65: k must be between 1 and 64 (depth)",
        fails(() -> new EveryK(65).prepare(DEPTH64, 4)));
    assertEquals("every:65: k must be between 1 and 64 (depth)",
        fails(() -> Planner.plan(new EveryK(65), DEPTH64, 4)));
    assertTrue(fails(() -> new Manual(0, 64).prepare(DEPTH64, 4)).contains("between 0 and 63 (depth 64)"));
    String m = fails(() -> CheckpointPolicies.parse("budget:1KiB").prepare(DEPTH64, 4));
    // revolve:1 on 64 blocks: input, output, current and next boundary, 4 × (16 + 4·64) = 1088 B
    assertEquals("budget:1KiB: budget 1.00KiB (1024 B) is below the smallest feasible 1.06KiB (1088 B, revolve:1)"
        + " for this network at batch 4", m);
  }

  @Test
  void executionRejectsAnotherNetwork() {
    ActivationSchedule.Execution e = new EveryK(2).prepare(Planner.widths(3, 4, 4, 4), 2);
    TestChain other = new TestChain(Planner.widths(4, 4, 4, 4), 2, TestChain.Act.RELU, 1, 1, 0f);
    assertTrue(fails(() -> e.run(other, other.input(1))).contains("prepared for 3 blocks"));
    assertThrows(IllegalStateException.class, e::output);
  }

  @Test
  void splitsPolicyListsKeepingManualIndicesTogether() {
    assertEquals(java.util.List.of("none", "manual:0,8,16", "sqrt", "every:2"),
        CheckpointPolicies.splitList("none, manual:0,8,16,sqrt,every:2"));
    assertTrue(fails(() -> CheckpointPolicies.splitList("none,,sqrt")).contains("empty entry"));
  }
}
