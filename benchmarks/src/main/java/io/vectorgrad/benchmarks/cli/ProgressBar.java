package io.vectorgrad.benchmarks.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar redrawn in place on a terminal; on a pipe or file it prints one plain line when the task
 * finishes, so logs stay readable.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final String label;
  private final long total;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private long lastDraw;

  public ProgressBar(PrintWriter out, String label, long total) {
    this(out, label, total, System.console() != null && !"dumb".equals(System.getenv("TERM")));
  }

  public ProgressBar(PrintWriter out, String label, long total, boolean terminal) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
    this.terminal = terminal;
  }

  /** Reports {@code done} of {@code total} steps; {@code status} is shown after the bar (may be empty). */
  public void update(long done, String status) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (done < total && now - lastDraw < 100_000_000L) {
      return; // at most ten redraws a second
    }
    lastDraw = now;
    out.print('\r' + line(done, status) + "\u001b[K");
    out.flush();
  }

  /** Ends the bar with a final status line. */
  public void finish(String status) {
    if (terminal) {
      out.print('\r' + line(total, status) + "\u001b[K\n");
    } else {
      out.println(label + ": " + status);
    }
    out.flush();
  }

  String line(long done, String status) {
    long d = Math.min(done, total);
    int filled = (int) (WIDTH * d / total);
    StringBuilder sb = new StringBuilder(label).append(" [");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled ? '#' : i == filled ? '>' : '.');
    }
    double secs = (System.nanoTime() - startNanos) / 1e9;
    sb.append("] ").append(String.format(Locale.ROOT, "%3d%% %6.1fs", 100 * d / total, secs));
    if (status != null && !status.isEmpty()) {
      sb.append("  ").append(status);
    }
    return sb.toString();
  }
}
