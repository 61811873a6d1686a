package io.vectorgrad.training.spec;

import java.util.Locale;

/**
 * Checks, before allocating, that a requested amount of memory fits in what the Java heap can still give
 * ({@code Runtime.maxMemory()} minus what is in use), so an impossible size is a clear message instead of an
 * {@code OutOfMemoryError} minutes later. Estimates are lower bounds of the big arrays; the check leaves no
 * safety margin beyond that, so a run that passes may still be tight.
 */
public final class HeapBudget {
  private HeapBudget() {}

  /** Thrown when a request cannot fit; the message names it, the bytes and an {@code -Xmx} that would do. */
  public static final class TooLargeException extends SpecException {
    private static final long serialVersionUID = 1L;
    private final long bytes;

    TooLargeException(String message, long bytes) {
      super(message);
      this.bytes = bytes;
    }

    /** The bytes the request needs. */
    public long bytes() {
      return bytes;
    }
  }

  /** Bytes the heap can still provide. */
  public static long available() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  /**
   * Throws {@link TooLargeException} unless {@code bytes} fit in {@link #available()}; {@code what} says what
   * needs them (e.g. "training 2-30000-30000 at batch 8").
   */
  public static void require(String what, long bytes) {
    if (bytes < 0) {
      bytes = Long.MAX_VALUE; // an overflowed estimate is certainly too large
    }
    long avail = available();
    if (bytes <= avail) {
      return;
    }
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    String hint;
    if (bytes > Long.MAX_VALUE / 4) {
      hint = "no heap size can hold this: use smaller sizes";
    } else {
      long gib = (long) Math.ceil((used + bytes * 1.25) / (double) (1L << 30)); // 25% for everything else
      hint = "use smaller sizes or more heap, e.g. VECTORGRAD_JAVA_OPTS=-Xmx" + Math.max(1, gib) + "g";
    }
    throw new TooLargeException(String.format(Locale.ROOT, "%s needs %s (%d bytes) but the Java heap has only %s"
        + " free (-Xmx %s): %s", what, human(bytes), bytes, human(avail), human(rt.maxMemory()), hint), bytes);
  }

  /** {@code a × b × c ...} in long, saturating at {@link Long#MAX_VALUE} instead of overflowing. */
  public static long product(long... factors) {
    long p = 1;
    for (long f : factors) {
      if (f < 0) {
        throw new IllegalArgumentException("negative factor " + f);
      }
      if (f != 0 && p > Long.MAX_VALUE / f) {
        return Long.MAX_VALUE;
      }
      p *= f;
    }
    return p;
  }

  /** {@code a + b}, saturating. */
  public static long sum(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  /** A byte count for people: {@code 3.8 GiB}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u + 1 < units.length) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
