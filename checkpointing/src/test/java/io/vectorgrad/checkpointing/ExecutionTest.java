package io.vectorgrad.checkpointing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.BlockNetwork;
import io.vectorgrad.training.backprop.StoreAll;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Thread counts, zero allocation per step. */
class ExecutionTest {
  @Test
  void gradientsAreBitIdenticalAcrossThreadCounts() {
    int[] w = Planner.widths(7, 33, 17, 5);
    for (ActivationSchedule s : new ActivationSchedule[] {StoreAll.INSTANCE, new EveryK(3), new Revolve(2)}) {
      TestChain one = new TestChain(w, 9, TestChain.Act.TANH, 5, 1, 0.2f);
      TestChain two = new TestChain(w, 9, TestChain.Act.TANH, 5, 2, 0.2f);
      float[] x = one.input(3);
      s.prepare(w, 9).run(one, x);
      StoreAll.INSTANCE.prepare(w, 9).run(two, x);
      for (int i = 0; i < 7; i++) {
        ScheduleEquivalenceTest.assertBits(two.dw[i], one.dw[i], s.spec() + " 1 vs 2 threads, dW " + i);
        ScheduleEquivalenceTest.assertBits(two.db[i], one.db[i], s.spec() + " 1 vs 2 threads, db " + i);
      }
    }
  }

  /** A network that does nothing, so only the executor's own allocations are seen. */
  private static final class Idle implements BlockNetwork {
    @Override
    public int blocks() {
      return 16;
    }

    @Override
    public int batchSize() {
      return 2;
    }

    @Override
    public int width(int boundary) {
      return 3;
    }

    @Override
    public void forward(int block, float[] in, float[] out) {}

    @Override
    public void outputGradient(float[] output, float[] dOutput) {}

    @Override
    public void backward(int block, float[] in, float[] out, float[] dOut, float[] dIn) {}
  }

  @Test
  void aWarmStepAllocatesNothing() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    Idle net = new Idle();
    float[] x = new float[6];
    long[] sink = new long[1];
    for (ActivationSchedule s : new ActivationSchedule[] {new EveryK(4), new Revolve(3), new MemoryBudget(400),
        new Manual(0, 5, 6)}) {
      ActivationSchedule.Execution e = s.prepare(Planner.widths(16, 3, 3, 3), 2);
      e.setProbe((live, count) -> sink[0] += count);
      for (int i = 0; i < 2000; i++) {
        e.run(net, x); // warm up
      }
      long before = mx.getThreadAllocatedBytes(tid);
      for (int i = 0; i < 100; i++) {
        e.run(net, x);
      }
      long after = mx.getThreadAllocatedBytes(tid);
      assertEquals(0, after - before, s.spec() + " allocated in 100 steps");
    }
  }
}
