package io.vectorgrad.kernels.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The library's pool of daemon worker threads for multi-threaded kernels (GEMM, row-blocked element-wise
 * work, the optimizer), created lazily and grown on demand. {@link #run} hands out task indices
 * {@code 0..tasks-1} to the calling thread and up to {@code threads - 1} workers; which thread runs which
 * task varies, so a kernel must make every task's result independent of that (GEMM tasks own disjoint
 * blocks of C). No allocation per call once the workers exist.
 *
 * <p>Hand-off: a run is published by one volatile write of a ticket ({@code generation << 32 | next task});
 * threads claim tasks by CAS on it, so a worker that wakes late can never take a task of a later run. After
 * a run a worker spins for {@link #SPIN_NANOS} (training calls kernels back to back, and waking a parked
 * thread costs tens of µs), then parks: an idle pool burns no CPU. The caller waits the same way for
 * the tasks that others claimed. Nobody spins while the machine is oversubscribed (see
 * {@link #LOAD_CHECK_NANOS}).
 *
 * <p>One parallel run at a time: a caller that finds the pool busy (another thread is running a kernel on
 * it) runs its tasks on its own thread, which gives the same result, only slower.
 */
public final class WorkerPool {
  /**
   * How long an idle worker (and a caller waiting for the last tasks) spins before parking when the machine
   * has cores to spare, in ns; {@code -Dvectorgrad.pool.spinMicros=N} fixes the spin at N µs whatever the
   * load (0: always park at once).
   */
  public static final long SPIN_NANOS = 1000L * Long.getLong("vectorgrad.pool.spinMicros", 50L);
  /** Whether the spin was fixed by {@code vectorgrad.pool.spinMicros} rather than following the load. */
  private static final boolean SPIN_FIXED = System.getProperty("vectorgrad.pool.spinMicros") != null;
  /**
   * How often the caller re-reads the system load average to decide whether to spin, in ns. On an
   * oversubscribed machine (1-minute load at or above the core count plus one) spinning threads only lose
   * their scheduler share (Linux CFS favours threads that slept), so 2-thread training there ran slower
   * than with parking; on a machine with free cores a spin turns a ~40 µs wake-up into well under 1 µs.
   */
  private static final long LOAD_CHECK_NANOS = 1_000_000_000L;

  /** Spin steps that only pause the CPU (about a µs) before the spin starts yielding. */
  private static final int PAUSES = 64;
  private static final int TASK_BITS = 32;
  private static final long TASK_MASK = (1L << TASK_BITS) - 1;

  private final ReentrantLock busy = new ReentrantLock();
  /** generation << 32 | index of the next unclaimed task of the current run. */
  private final AtomicLong ticket = new AtomicLong();
  /** Tasks of the current run not yet finished. */
  private final AtomicInteger remaining = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  /** Guarded by {@link #busy}. */
  private Worker[] workers = new Worker[0];
  /** The current run's body, task count and wanted helper count; written before its ticket. */
  private volatile IntConsumer body;
  private volatile int taskCount;
  private volatile int helpers;
  /**
   * The generation whose {@link #body}, {@link #taskCount} and {@link #helpers} are published, 0 while the
   * caller rewrites them (a seqlock): a worker that woke for a run reads the three between two reads of this
   * and uses them only if both equal its generation. Without it a late worker could pair the old run's ticket
   * with the next run's larger task count and claim (and run) a task index the old run never had.
   */
  private volatile long fieldsGeneration;
  private volatile Thread caller;
  private volatile boolean callerParked;
  /** The spin in effect: SPIN_NANOS, or 0 while the machine is oversubscribed. */
  private volatile long spinNanos = SPIN_NANOS;
  /** Guarded by {@link #busy}. */
  private long loadCheckedAt = System.nanoTime() - LOAD_CHECK_NANOS;

  private WorkerPool() {}

  /** The pool shared by all kernels of this JVM. */
  public static WorkerPool shared() {
    return Holder.SHARED;
  }

  /**
   * Runs {@code body.accept(t)} once for every {@code t} in {@code [0, tasks)} on at most {@code threads}
   * threads (the caller included) and returns when all are done. An exception thrown by a task is
   * rethrown here after every task has finished (the other tasks still run).
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
      if (!SPIN_FIXED && System.nanoTime() - loadCheckedAt >= LOAD_CHECK_NANOS) {
        loadCheckedAt = System.nanoTime();
        spinNanos = Holder.oversubscribed() ? 0 : SPIN_NANOS;
      }
      failure.set(null);
      caller = Thread.currentThread();
      // 32-bit generations that wrap (after 2^32 runs, some days of training) and skip 0, the seqlock's
      // "being rewritten" mark
      long generation = ((ticket.get() >>> TASK_BITS) + 1) & TASK_MASK;
      if (generation == 0) {
        generation = 1;
      }
      fieldsGeneration = 0;
      this.body = body;
      this.taskCount = tasks;
      this.helpers = wanted;
      fieldsGeneration = generation;
      remaining.set(tasks);
      ticket.set(generation << TASK_BITS);
      for (int w = 0; w < wanted; w++) {
        Worker worker = workers[w];
        if (worker.parked) {
          LockSupport.unpark(worker);
        }
      }
      int done = drain(generation, body, tasks);
      if (remaining.addAndGet(-done) != 0) {
        awaitOthers();
      }
      this.body = null;
      Throwable f = failure.getAndSet(null);
      if (f != null) {
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

  /** Claims and runs tasks of {@code generation} until none is left; returns how many it ran. */
  private int drain(long generation, IntConsumer b, int tasks) {
    int done = 0;
    while (true) {
      long t = ticket.get();
      int task = (int) (t & TASK_MASK);
      if (t >>> TASK_BITS != generation || task >= tasks) {
        return done;
      }
      if (!ticket.compareAndSet(t, t + 1)) {
        continue;
      }
      try {
        b.accept(task);
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
      done++;
    }
  }

  /** The caller's wait for tasks claimed by workers: spin, then park until the last one unparks it. */
  private void awaitOthers() {
    long start = System.nanoTime();
    int spins = 0;
    while (remaining.get() != 0) {
      if (++spins <= PAUSES && spinNanos > 0 || System.nanoTime() - start < spinNanos) {
        pause(spins);
        continue;
      }
      callerParked = true;
      if (remaining.get() != 0) {
        LockSupport.park(this);
      }
      callerParked = false;
    }
  }

  /**
   * One step of a spin: a CPU pause, and past the first {@link #PAUSES} steps a yield, so that a spinning
   * thread that shares a core with the thread it waits for (a busy machine puts a woken worker on the
   * caller's core) gives that core up instead of holding it for the whole spin.
   */
  private static void pause(int spins) {
    if (spins <= PAUSES) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private void ensureWorkers(int count) {
    if (workers.length >= count) {
      return;
    }
    Worker[] grown = java.util.Arrays.copyOf(workers, count);
    long current = ticket.get() >>> TASK_BITS;
    for (int w = workers.length; w < count; w++) {
      Worker t = new Worker(w, current);
      t.start();
      grown[w] = t;
      // published per thread: if starting the next one fails, a later call must not start a second worker
      // with this index (both would join a run as the same helper)
      workers = java.util.Arrays.copyOf(grown, w + 1);
    }
  }

  private final class Worker extends Thread {
    private final int index;
    private long seen;
    /** Set before the worker parks and re-checks the ticket; the caller unparks it when set. */
    volatile boolean parked;

    Worker(int index, long seen) {
      super("vectorgrad-worker-" + (index + 1));
      this.index = index;
      this.seen = seen;
      setDaemon(true);
    }

    @Override
    public void run() {
      // Daemon workers live as long as the JVM. The loop's body is a method of its own so that it is
      // compiled like any hot method: as one method this loop, entered once, ran interpreted until an
      // on-stack replacement 6-11 s into a training run (-XX:+PrintCompilation).
      while (true) {
        joinNextRun();
      }
    }

    /** Waits for the next run and works on its tasks. */
    private void joinNextRun() {
      long generation = awaitRun();
      long before = fieldsGeneration;
      IntConsumer b = body;
      int tasks = taskCount;
      int h = helpers;
      // the three must be this run's (a later run may be rewriting them: then this run is over anyway)
      if (before != generation || fieldsGeneration != generation || index >= h || b == null) {
        return;
      }
      int done = drain(generation, b, tasks);
      if (done > 0 && remaining.addAndGet(-done) == 0 && callerParked) {
        LockSupport.unpark(caller);
      }
    }

    /** Waits for a generation after {@link #seen}: spins for SPIN_NANOS, then parks. */
    private long awaitRun() {
      long start = System.nanoTime();
      int spins = 0;
      while (true) {
        long generation = ticket.get() >>> TASK_BITS;
        if (generation != seen) {
          seen = generation;
          return generation;
        }
        if (++spins <= PAUSES && spinNanos > 0 || System.nanoTime() - start < spinNanos) {
          pause(spins);
          continue;
        }
        parked = true;
        if (ticket.get() >>> TASK_BITS == seen) {
          // interrupts and spurious wake-ups just loop
          LockSupport.park(WorkerPool.this);
        }
        parked = false;
        start = System.nanoTime();
        spins = 0;
      }
    }
  }

  private static final class Holder {
    static final WorkerPool SHARED = new WorkerPool();
    static final java.lang.management.OperatingSystemMXBean OS =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    static final int CORES = Runtime.getRuntime().availableProcessors();

    /** 1-minute load at or above cores + 1 (false where the JVM cannot tell). */
    static boolean oversubscribed() {
      double load = OS.getSystemLoadAverage();
      return load >= CORES + 1;
    }
  }
}
