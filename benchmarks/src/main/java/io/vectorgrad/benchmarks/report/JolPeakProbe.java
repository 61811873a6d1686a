package io.vectorgrad.benchmarks.report;

import io.vectorgrad.training.backprop.MemoryProbe;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the live activation buffers with JOL ({@code GraphLayout.totalSize()}) on every change and keeps
 * the peak. Slow by design: use it on an untimed step.
 */
public final class JolPeakProbe implements MemoryProbe {
  static {
    // JOL prints an attach warning on first use (it sizes arrays without the agent); keep it off stdout
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    try {
      System.setOut(sink);
      System.setErr(sink);
      GraphLayout.parseInstance((Object) new float[1]).totalSize();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private long peak;

  @Override
  public void liveBuffersChanged(float[][] live, int count) {
    if (count == 0) {
      return;
    }
    Object[] roots = new Object[count];
    System.arraycopy(live, 0, roots, 0, count);
    peak = Math.max(peak, GraphLayout.parseInstance(roots).totalSize());
  }

  public long peakBytes() {
    return peak;
  }

  public void reset() {
    peak = 0;
  }
}
