package io.vectorgrad.kernels.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * Back-to-back runs of varying task counts and lengths, the pattern of a training step: a worker that wakes
   * late for one run must never claim a task index of the next (it once did, running a task twice and
   * leaving the caller waiting forever on a task count of -1). Each run checks every index ran exactly once.
   */
  @Test
  void backToBackRunsOfVaryingSizesRunEveryTaskExactlyOnce() {
    java.util.Random random = new java.util.Random(7);
    AtomicIntegerArray runs = new AtomicIntegerArray(16);
    long[] sink = new long[16];
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
      for (int run = 0; run < 200_000; run++) {
        int tasks = 2 + random.nextInt(7);
        int work = random.nextInt(4) == 0 ? random.nextInt(20_000) : random.nextInt(200);
        WorkerPool.shared().run(tasks, 2, t -> {
          long x = 0;
          for (int i = 0; i < work; i++) {
            x += i ^ t;
          }
          sink[t] += x;
          runs.incrementAndGet(t);
        });
        for (int t = 0; t < runs.length(); t++) {
          int expected = t < tasks ? 1 : 0;
          if (runs.get(t) != expected) {
            assertEquals(expected, runs.get(t), "run " + run + ": task " + t + " of " + tasks);
          }
          runs.set(t, 0);
        }
      }
    });
  }

  /** The 32-bit run generation wraps after 2^32 runs (days of training) without losing a run. */
  @Test
  void runsGoOnAcrossTheGenerationWrap() throws Exception {
    WorkerPool pool = WorkerPool.shared();
    pool.run(2, 2, t -> { }); // the worker exists
    java.lang.reflect.Field f = WorkerPool.class.getDeclaredField("ticket");
    f.setAccessible(true);
    java.util.concurrent.atomic.AtomicLong ticket = (java.util.concurrent.atomic.AtomicLong) f.get(pool);
    ticket.set(((1L << 32) - 3) << 32);
    AtomicIntegerArray runs = new AtomicIntegerArray(8);
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
      for (int run = 0; run < 10; run++) {
        pool.run(8, 2, runs::incrementAndGet);
        for (int t = 0; t < 8; t++) {
          assertEquals(1, runs.getAndSet(t, 0), "run " + run + " task " + t);
        }
      }
    });
    assertTrue(ticket.get() >>> 32 < 16, "the generation wrapped");
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
