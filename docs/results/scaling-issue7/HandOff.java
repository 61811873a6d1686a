import io.vectorgrad.kernels.spi.*;
import java.util.*;
import java.util.function.IntConsumer;
public class HandOff {
  static volatile int sink;
  public static void main(String[] a) throws Exception {
    int tasks0 = 4, threads = 2, calls = 20000; int tasks = tasks0;
    long workNs = Long.parseLong(a.length > 1 ? a[1] : "0") * 1000;
    if (workNs > 0) tasks = 2;
    final long wn = workNs;
    IntConsumer empty = t -> { if (wn > 0) { long u = System.nanoTime() + wn; while (System.nanoTime() < u) sink++; } };
    long gapNs = Long.parseLong(a.length > 0 ? a[0] : "0") * 1000;
    for (int round = 0; round < 7; round++) {
      for (int which = 0; which < 2; which++) {
        long[] times = new long[calls];
        for (int c = 0; c < calls; c++) {
          if (gapNs > 0) { long u = System.nanoTime() + gapNs; while (System.nanoTime() < u) sink++; }
          long t0 = System.nanoTime();
          if (which == 0) OldPool.shared().run(tasks, threads, empty); else WorkerPool.shared().run(tasks, threads, empty);
          times[c] = System.nanoTime() - t0;
        }
        Arrays.sort(times);
        double mean = Arrays.stream(times).average().getAsDouble();
        System.out.printf("round %d %s gap=%dus work=%dus: mean %.2f us, p50 %.2f us, p90 %.2f us%n", round, which == 0 ? "old" : "new",
            gapNs / 1000, workNs / 1000, mean / 1e3, times[calls / 2] / 1e3, times[calls * 9 / 10] / 1e3);
      }
    }
  }
}
