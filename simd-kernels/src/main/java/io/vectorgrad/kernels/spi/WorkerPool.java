package io.vectorgrad.kernels.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The library's pool of daemon worker threads for multi-threaded kernels (GEMM), created lazily and grown
 * on demand. {@link #run} hands out task indices {@code 0..tasks-1} to the calling thread and up to
 * {@code threads - 1} workers; which thread runs which task varies, so a kernel must make every task's
 * result independent of that (GEMM tasks own disjoint blocks of C). No allocation per call once the
 * workers exist.
 *
 * <p>One parallel run at a time: a caller that finds the pool busy (another thread is running a kernel on
 * it) runs its tasks on its own thread, which gives the same result, only slower.
 */
public final class WorkerPool {
  private final ReentrantLock busy = new ReentrantLock();
  private final Object monitor = new Object();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  /** Guarded by {@link #busy}. */
  private Thread[] workers = new Thread[0];
  /** Guarded by {@link #monitor}. */
  private long generation;
  private int helpers;
  private int taskCount;
  private IntConsumer body;
  private volatile Thread caller;
  private volatile Throwable failure;

  private WorkerPool() {}

  /** The pool shared by all kernels of this JVM. */
  public static WorkerPool shared() {
    return Holder.SHARED;
  }

  /**
   * Runs {@code body.accept(t)} once for every {@code t} in {@code [0, tasks)} on at most {@code threads}
   * threads (the caller included) and returns when all are done. An exception thrown by a task is
   * rethrown here after every thread has stopped.
   */
  public void run(int tasks, int threads, IntConsumer body) {
    int wanted = Math.min(threads, tasks) - 1;
    // Serial when there is nothing to share, when another caller holds the pool, or when a task of this
    // caller's own run calls back in (the lock is reentrant, the run state is not).
    if (wanted <= 0 || busy.isHeldByCurrentThread() || !busy.tryLock()) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    try {
      ensureWorkers(wanted);
      next.set(0);
      pending.set(wanted);
      failure = null;
      caller = Thread.currentThread();
      synchronized (monitor) {
        this.body = body;
        this.taskCount = tasks;
        this.helpers = wanted;
        generation++;
        monitor.notifyAll();
      }
      try {
        drain(body, tasks);
      } finally {
        while (pending.get() > 0) {
          LockSupport.park(this);
        }
        synchronized (monitor) {
          this.body = null;
        }
      }
      Throwable f = failure;
      if (f != null) {
        failure = null;
        if (f instanceof RuntimeException) {
          throw (RuntimeException) f;
        }
        if (f instanceof Error) {
          throw (Error) f;
        }
        throw new IllegalStateException(f);
      }
    } finally {
      busy.unlock();
    }
  }

  private void drain(IntConsumer body, int tasks) {
    for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
      body.accept(t);
    }
  }

  private void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Thread[] grown = java.util.Arrays.copyOf(workers, count);
    long current;
    synchronized (monitor) {
      current = generation;
    }
    for (int w = workers.length; w < count; w++) {
      int index = w;
      Thread t = new Thread(() -> work(index, current), "vectorgrad-worker-" + (w + 1));
      t.setDaemon(true);
      t.start();
      grown[w] = t;
      // published per thread: if starting the next one fails, a later call must not start a second worker
      // with this index (both would join a run as the same helper)
      workers = java.util.Arrays.copyOf(grown, w + 1);
    }
  }

  /** A worker's loop; {@code seen} is the generation current when it was created (it joins later ones). */
  private void work(int index, long seen) {
    while (true) {
      IntConsumer b;
      int tasks;
      synchronized (monitor) {
        while (true) {
          if (generation != seen) {
            seen = generation;
            if (index < helpers) {
              break;
            }
          }
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            // daemon workers live as long as the JVM; an interrupt is not a shutdown request
          }
        }
        b = body;
        tasks = taskCount;
      }
      try {
        drain(b, tasks);
      } catch (Throwable e) {
        failure = e;
      } finally {
        if (pending.decrementAndGet() == 0) {
          LockSupport.unpark(caller);
        }
      }
    }
  }

  private static final class Holder {
    static final WorkerPool SHARED = new WorkerPool();
  }
}
