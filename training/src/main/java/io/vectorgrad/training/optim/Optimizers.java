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
    return fromSpec(spec, lr, 0f);
  }

  /**
   * As {@link #fromSpec(String, float)} with weight decay {@code decay}: L2 ({@code g + λ·p}) for sgd,
   * momentum and nesterov, AdamW's decoupled λ for adamw (0 keeps its default 0.01); adam rejects a
   * non-zero decay (use adamw).
   */
  public static Optimizer fromSpec(String spec, float lr, float decay) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "sgd": return new Sgd(lr, decay);
      case "momentum": return new Momentum(lr, 0.9f, false, decay);
      case "nesterov": return new Momentum(lr, 0.9f, true, decay);
      case "adam":
        if (decay != 0f) {
          throw new IllegalArgumentException("adam has no weight decay (got " + decay + "): use adamw, or sgd/momentum"
              + " for L2 decay");
        }
        return new Adam(lr);
      case "adamw": return decay == 0f ? new AdamW(lr) : new AdamW(lr, 0.9f, 0.999f, 1e-8f, decay);
      default:
        throw new IllegalArgumentException("unknown optimizer '" + spec
            + "': expected sgd, momentum, nesterov, adam or adamw");
    }
  }
}
