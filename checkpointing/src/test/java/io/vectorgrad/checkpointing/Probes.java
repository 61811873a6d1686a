package io.vectorgrad.checkpointing;

import io.vectorgrad.training.backprop.MemoryProbe;
import org.openjdk.jol.info.GraphLayout;

/** A probe that measures the live activation set with JOL on every change and keeps the peak. */
final class Probes {
  private Probes() {}

  static final class JolPeak implements MemoryProbe {
    long peak;
    int calls;

    @Override
    public void liveBuffersChanged(float[][] live, int count) {
      calls++;
      Object[] roots = new Object[count];
      System.arraycopy(live, 0, roots, 0, count);
      long bytes = count == 0 ? 0 : GraphLayout.parseInstance(roots).totalSize();
      peak = Math.max(peak, bytes);
    }
  }
}
