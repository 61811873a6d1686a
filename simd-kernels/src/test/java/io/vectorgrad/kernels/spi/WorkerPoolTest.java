package io.vectorgrad.kernels.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  @Test
  void everyTaskRunsExactlyOnceForAnyThreadCount() {
    for (int threads = 1; threads <= 4; threads++) {
      for (int tasks : new int[] {0, 1, 2, 7, 64}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, tasks));
        WorkerPool.shared().run(tasks, threads, runs::incrementAndGet);
        for (int t = 0; t < tasks; t++) {
          assertEquals(1, runs.get(t), "task " + t + " of " + tasks + " on " + threads + " threads");
        }
      }
    }
  }

  @Test
  void aFailingTaskIsRethrownAndThePoolStaysUsable() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerPool.shared().run(8, 3, t -> {
      if (t == 5) {
        throw new IllegalStateException("task 5");
      }
    }));
    assertEquals("task 5", e.getMessage());
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    WorkerPool.shared().run(8, 3, runs::incrementAndGet);
    for (int t = 0; t < 8; t++) {
      assertEquals(1, runs.get(t));
    }
  }

  @Test
  void aNestedRunFromATaskCompletes() {
    AtomicIntegerArray runs = new AtomicIntegerArray(16);
    WorkerPool.shared().run(4, 2, outer -> WorkerPool.shared().run(4, 2, inner -> runs.incrementAndGet(outer * 4 + inner)));
    for (int t = 0; t < 16; t++) {
      assertEquals(1, runs.get(t), "nested task " + t);
    }
  }

  @Test
  void idleWorkersParkInsteadOfSpinning() throws InterruptedException {
    AtomicIntegerArray runs = new AtomicIntegerArray(4);
    WorkerPool.shared().run(4, 2, runs::incrementAndGet);
    // the spin is bounded by SPIN_NANOS (µs); after that a worker must be parked (WAITING), burning no CPU
    long deadline = System.nanoTime() + 5_000_000_000L;
    Thread.State state = null;
    while (System.nanoTime() < deadline) {
      Thread.sleep(Math.max(1, WorkerPool.SPIN_NANOS / 1_000_000 * 4));
      state = workerState("vectorgrad-worker-1");
      if (state == Thread.State.WAITING) {
        break;
      }
    }
    assertEquals(Thread.State.WAITING, state, "an idle worker after " + WorkerPool.SPIN_NANOS + " ns of spin");
  }

  private static Thread.State workerState(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return t.getState();
      }
    }
    throw new AssertionError("no thread named " + name);
  }
}
