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
}
