package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.training.trainer.EpochStats;
import io.vectorgrad.training.trainer.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Per-epoch output of {@code train}: a progress bar on a terminal, one line per (printed) epoch otherwise. */
final class EpochProgress implements TrainingListener {
  private final PrintWriter out;
  private final int epochs;
  private final boolean quiet;
  private final boolean classify;
  private final int every;
  private ProgressBar bar;
  private int epoch;

  EpochProgress(PrintWriter out, int epochs, boolean quiet, boolean classify) {
    this.out = out;
    this.epochs = epochs;
    this.quiet = quiet;
    this.classify = classify;
    this.every = Math.max(1, (epochs + 19) / 20); // at most ~20 lines per run
  }

  @Override
  public void epochStart(int epoch, int epochs) {
    this.epoch = epoch;
    bar = null;
  }

  @Override
  public void stepEnd(int epoch, long step, int batch, int batchesPerEpoch, double loss, float[] norms) {
    if (quiet) {
      return;
    }
    if (bar == null) {
      bar = new ProgressBar(out, label(), batchesPerEpoch);
    }
    bar.update(batch + 1, String.format(Locale.ROOT, "loss %.4f", loss));
  }

  @Override
  public void epochEnd(EpochStats s) {
    if (quiet || bar == null) {
      return;
    }
    if (s.epoch() % every == 0 || s.epoch() == epochs || s.epoch() == 1) {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", s.trainLoss()));
      if (classify) {
        sb.append(String.format(Locale.ROOT, " acc %.4f", s.trainAccuracy()));
      }
      if (!Double.isNaN(s.validationLoss())) {
        sb.append(String.format(Locale.ROOT, " | val loss %.4f", s.validationLoss()));
        if (classify) {
          sb.append(String.format(Locale.ROOT, " acc %.4f", s.validationAccuracy()));
        }
      }
      sb.append(String.format(Locale.ROOT, " | lr %.2e | %.2fs", s.learningRate(), s.seconds()));
      bar.finish(sb.toString());
    }
  }

  private String label() {
    int w = String.valueOf(epochs).length();
    return String.format(Locale.ROOT, "epoch %" + w + "d/%d", epoch, epochs);
  }
}
