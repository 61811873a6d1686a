package io.vectorgrad.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures what a warm piece of code allocates on this thread. "Warm" means after the JIT has compiled it:
 * on a loaded machine C2 can finish compiling a hot kernel seconds after the warm-up loop, and until then
 * the interpreted or C1 code boxes vectors. So the measurement is repeated over up to {@value #WINDOWS}
 * windows, with more warm-up in between, and passes as soon as one window allocates (almost) nothing; code
 * that really allocates does so in every window and fails.
 */
public final class Allocations {
  static final int WINDOWS = 20;

  private Allocations() {}

  /** Skips (JUnit assumption) on JVMs without per-thread allocation counts. */
  public static void assertWarmAllocatesNothing(Runnable body, int warmup, int measured, String what) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
        "this JVM cannot count allocated bytes per thread");
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
    long tid = Thread.currentThread().getId();
    long allocated = Long.MAX_VALUE;
    for (int w = 0; w < WINDOWS && allocated >= 1024; w++) {
      for (int i = 0; i < warmup; i++) {
        body.run();
      }
      long before = bean.getThreadAllocatedBytes(tid);
      for (int i = 0; i < measured; i++) {
        body.run();
      }
      allocated = bean.getThreadAllocatedBytes(tid) - before;
    }
    assertTrue(allocated < 1024, measured + " warm " + what + " allocated " + allocated + " bytes (in each of "
        + WINDOWS + " windows)");
  }
}
