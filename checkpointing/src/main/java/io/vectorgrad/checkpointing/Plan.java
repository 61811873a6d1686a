package io.vectorgrad.checkpointing;

import java.util.List;
import java.util.Locale;

/**
 * What a schedule will do on one network and batch size, predicted by {@link Planner} from the same action
 * list the executor runs: peak live activation bytes, forwards (total and per block), extra FLOPs, and
 * store-all's numbers for comparison.
 *
 * <p>Bytes count every live activation {@code float[]}, the caller's mini-batch and the output included,
 * as JOL sizes them (16-byte header + 4·length, rounded up to 8). Gradient scratch buffers (two of the
 * widest boundary, the same for every schedule) are not activations and are not counted. A block's
 * buffer holds its output and what it keeps for backward ({@code ModelNetwork.widths()}). FLOPs are the
 * blocks' recompute costs when the planner was given them ({@code Block.forwardFlops}: GEMMs, norms,
 * activations), otherwise the Dense GEMM {@code 2·batch·in·out} of the boundary widths.
 */
public final class Plan {
  private final String spec;
  private final String resolved;
  private final int[] widths;
  private final int batch;
  private final long peakBytes;
  private final int peakBuffers;
  private final long[] forwardCalls;
  private final long storeAllBytes;
  private final long[] costs;

  Plan(String spec, String resolved, int[] widths, int batch, long peakBytes, int peakBuffers,
      long[] forwardCalls, long storeAllBytes, long[] costs) {
    this.costs = costs.clone();
    this.spec = spec;
    this.resolved = resolved;
    this.widths = widths.clone();
    this.batch = batch;
    this.peakBytes = peakBytes;
    this.peakBuffers = peakBuffers;
    this.forwardCalls = forwardCalls.clone();
    this.storeAllBytes = storeAllBytes;
  }

  /** The schedule's spec, e.g. {@code budget:12MiB}. */
  public String spec() {
    return spec;
  }

  /** The schedule actually run: the spec itself, or what a memory budget chose (e.g. {@code every:6}). */
  public String resolvedSpec() {
    return resolved;
  }

  public int blocks() {
    return widths.length - 1;
  }

  public int batchSize() {
    return batch;
  }

  /** Peak bytes of live activation buffers during a step. */
  public long peakKeptBytes() {
    return peakBytes;
  }

  /** Number of activation buffers live at the peak. */
  public int peakLiveBuffers() {
    return peakBuffers;
  }

  /** Forward calls of block {@code i} in one step (1 = never recomputed). */
  public long forwardCalls(int block) {
    return forwardCalls[block];
  }

  public long totalForwardCalls() {
    long s = 0;
    for (long c : forwardCalls) {
      s += c;
    }
    return s;
  }

  /** Layer forwards beyond one per block. */
  public long recomputedForwards() {
    return totalForwardCalls() - forwardCalls.length;
  }

  public long recomputedForwards(int block) {
    return forwardCalls[block] - 1;
  }

  /** FLOPs of the recomputed forwards (each block weighted by its cost). */
  public long extraFlops() {
    long f = 0;
    for (int i = 0; i < forwardCalls.length; i++) {
      f += (forwardCalls[i] - 1) * denseFlops(i);
    }
    return f;
  }

  /** FLOPs of a store-all step: each block's forward once and its backward as two forwards (one for block 0). */
  public long storeAllStepFlops() {
    long f = 0;
    for (int i = 0; i < forwardCalls.length; i++) {
      f += denseFlops(i) * (i == 0 ? 2 : 3);
    }
    return f;
  }

  public long storeAllKeptBytes() {
    return storeAllBytes;
  }

  private long denseFlops(int block) {
    return costs[block];
  }

  /** The recompute cost of block {@code i} this plan weighed it by. */
  public long blockCost(int block) {
    return costs[block];
  }

  /** Human-readable bytes: {@code 1.5MiB}. */
  public static String bytes(long b) {
    if (b < 1024) {
      return b + "B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f%s" : v < 100 ? "%.1f%s" : "%.0f%s", v, units[u]);
  }

  static String flops(long f) {
    if (f < 1_000_000) {
      return Long.toString(f);
    }
    String[] units = {"M", "G", "T", "P"};
    double v = f / 1e6;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
  }

  /** One plan as a two-column table, per-block recomputation included. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "checkpoint plan %s%s: %d blocks, batch %d%n", spec,
        resolved.equals(spec) ? "" : " (chooses " + resolved + ")", blocks(), batch));
    row(sb, "peak kept activations", bytes(peakBytes) + " (" + peakBytes + " B, " + peakBuffers + " buffers)");
    row(sb, "store-all keeps", bytes(storeAllBytes) + " (" + storeAllBytes + " B)");
    row(sb, "kept / store-all", String.format(Locale.ROOT, "%.1f%%", 100.0 * peakBytes / storeAllBytes));
    row(sb, "layer forwards", totalForwardCalls() + " (store-all " + blocks() + ")");
    row(sb, "recomputed forwards", Long.toString(recomputedForwards()));
    row(sb, "extra GEMM FLOPs", flops(extraFlops()) + String.format(Locale.ROOT, " (+%.1f%% of a store-all step, %s)",
        100.0 * extraFlops() / storeAllStepFlops(), flops(storeAllStepFlops())));
    sb.append("  recomputed forwards per block: ");
    for (int i = 0; i < forwardCalls.length; i++) {
      sb.append(i == 0 ? "" : " ").append(forwardCalls[i] - 1);
    }
    return sb.append(System.lineSeparator()).toString();
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append(String.format(Locale.ROOT, "  %-24s %s%n", k, v));
  }

  /** Several plans side by side, one row each. */
  public static String table(List<Plan> plans) {
    StringBuilder sb = new StringBuilder();
    int a = 6;
    int b = 7;
    for (Plan p : plans) {
      a = Math.max(a, p.spec.length());
      b = Math.max(b, p.resolved.length());
    }
    String fmt = "%-" + a + "s  %-" + b + "s %10s %8s %9s %11s %12s %8s%n";
    sb.append(String.format(Locale.ROOT, fmt, "policy", "runs as", "peak kept", "buffers", "vs store", "recomputed",
        "extra FLOPs", "+step"));
    for (Plan p : plans) {
      sb.append(String.format(Locale.ROOT, fmt, p.spec, p.resolved, bytes(p.peakBytes), p.peakBuffers,
          String.format(Locale.ROOT, "%.1f%%", 100.0 * p.peakBytes / p.storeAllBytes), p.recomputedForwards(),
          flops(p.extraFlops()), String.format(Locale.ROOT, "%.1f%%", 100.0 * p.extraFlops() / p.storeAllStepFlops())));
    }
    return sb.toString();
  }
}
