package io.vectorgrad.training.optim;

import java.util.Locale;

/** Optimizer lookup by spec string, with the usual default hyper-parameters. */
public final class Optimizers {
  private Optimizers() {}

  /**
   * {@code sgd}, {@code momentum} (μ = 0.9), {@code nesterov} (μ = 0.9), {@code adam} (0.9, 0.999, 1e-8)
   * or {@code adamw} (same, λ = 0.01), with base learning rate {@code lr}.
   */
  public static Optimizer fromSpec(String spec, float lr) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "sgd": return new Sgd(lr);
      case "momentum": return new Momentum(lr, false);
      case "nesterov": return new Momentum(lr, true);
      case "adam": return new Adam(lr);
      case "adamw": return new AdamW(lr);
      default:
        throw new IllegalArgumentException("unknown optimizer '" + spec
            + "': expected sgd, momentum, nesterov, adam or adamw");
    }
  }
}
