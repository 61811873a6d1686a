package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schedule against store-all on the test chain: outputs, loss and every parameter gradient
 * bit-identical; forward calls equal to the plan; JOL-measured peak equal to the plan's prediction.
 */
class ScheduleEquivalenceTest {
  static Stream<Arguments> networks() {
    List<Arguments> a = new ArrayList<>();
    int k = 0;
    for (int depth : new int[] {1, 2, 3, 7, 16, 64}) {
      TestChain.Act act = TestChain.Act.values()[k++ % 3];
      a.add(Arguments.of(depth, Planner.widths(depth, 4, 4, 4), 3, act, 0f));
      a.add(Arguments.of(depth, Planner.widths(depth, 3, 5, 2), 2, TestChain.Act.values()[k % 3], 0.25f));
    }
    return a.stream();
  }

  static List<ActivationSchedule> schedules(int n, long seed) {
    List<ActivationSchedule> s = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      s.add(new EveryK(k));
    }
    s.add(SqrtN.INSTANCE);
    for (int slots = 1; slots <= n + 1; slots++) {
      s.add(new Revolve(slots));
    }
    for (int b = n >= 3 ? 5 : 3; b <= n + 2; b++) {
      s.add(new SplitSchedule(b));
    }
    Random r = new Random(seed);
    for (int t = 0; t < 3; t++) {
      int[] idx = r.ints(0, n).distinct().limit(1 + r.nextInt(n)).sorted().toArray();
      if (idx[0] != 0) {
        int[] with0 = new int[idx.length + 1];
        System.arraycopy(idx, 0, with0, 1, idx.length);
        idx = with0;
      }
      s.add(new Manual(idx));
    }
    return s;
  }

  @ParameterizedTest(name = "depth {0} widths {1} batch {2} {3} dropout {4}")
  @MethodSource("networks")
  void everyScheduleIsBitIdenticalToStoreAllAndMatchesItsPlan(int depth, int[] widths, int batch,
      TestChain.Act act, float dropout) {
    TestChain ref = new TestChain(widths, batch, act, 42, 1, dropout);
    float[] x = ref.input(7);
    ref.step = 3;
    ActivationSchedule.Execution refExec = StoreAll.INSTANCE.prepare(widths, batch);
    Probes.JolPeak refProbe = new Probes.JolPeak();
    refExec.setProbe(refProbe);
    refExec.run(ref, x);
    assertEquals(Planner.plan(StoreAll.INSTANCE, widths, batch).peakKeptBytes(), refProbe.peak, "store-all peak");
    float[] refOut = refExec.output().clone();

    List<ActivationSchedule> all = schedules(depth, depth);
    // budgets between the smallest and the store-all peak
    long storeAll = Planner.storeAllBytes(widths, batch);
    for (long b = storeAll / 4; b <= storeAll; b += Math.max(1, storeAll / 5)) {
      try {
        Plan p = Planner.plan(new MemoryBudget(b), widths, batch);
        all.add(new MemoryBudget(b));
        assertTrue(p.peakKeptBytes() <= b);
      } catch (IllegalArgumentException tooSmall) {
        assertTrue(tooSmall.getMessage().contains("smallest feasible"), tooSmall.getMessage());
      }
    }
    for (ActivationSchedule s : all) {
      Plan plan = Planner.plan(s, widths, batch);
      TestChain net = new TestChain(widths, batch, act, 42, 1, dropout);
      net.step = 3;
      ActivationSchedule.Execution exec = s.prepare(widths, batch);
      Probes.JolPeak probe = new Probes.JolPeak();
      exec.setProbe(probe);
      // two steps: the second reuses the pool
      exec.run(net, x);
      exec.resetCounters();
      probe.peak = 0;
      exec.run(net, x);
      String what = s.spec() + " at depth " + depth;
      assertEquals(depth * 2, net.backwardCalls, what + ": backward once per block per step");
      assertEquals(Float.floatToRawIntBits(ref.loss), Float.floatToRawIntBits(net.loss), what + ": loss");
      assertBits(refOut, exec.output(), what + ": output");
      for (int i = 0; i < depth; i++) {
        assertBits(ref.dw[i], net.dw[i], what + ": dW of block " + i);
        assertBits(ref.db[i], net.db[i], what + ": db of block " + i);
        assertEquals(plan.forwardCalls(i), exec.forwardCalls(i), what + ": forward calls of block " + i);
      }
      assertEquals(plan.peakKeptBytes(), probe.peak, what + ": JOL-measured peak vs plan");
    }
  }

  static void assertBits(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what + " length");
    for (int j = 0; j < want.length; j++) {
      if (Float.floatToRawIntBits(want[j]) != Float.floatToRawIntBits(got[j])) {
        throw new AssertionError(what + ": element " + j + " differs: " + want[j] + " vs " + got[j]);
      }
    }
  }
}
