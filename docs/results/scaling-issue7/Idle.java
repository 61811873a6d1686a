import io.vectorgrad.kernels.spi.*;
import java.lang.management.*;
public class Idle {
  public static void main(String[] a) throws Exception {
    for (int i = 0; i < 1000; i++) WorkerPool.shared().run(4, 2, t -> { });
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long id = -1;
    for (ThreadInfo ti : mx.dumpAllThreads(false, false)) if (ti.getThreadName().equals("vectorgrad-worker-1")) id = ti.getThreadId();
    long c0 = mx.getThreadCpuTime(id);
    Thread.sleep(2000);
    long c1 = mx.getThreadCpuTime(id);
    System.out.printf("worker CPU while idle 2 s: %.3f ms; state %s%n", (c1 - c0) / 1e6, mx.getThreadInfo(id).getThreadState());
  }
}
