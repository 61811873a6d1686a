package io.vectorgrad.training.spec;

import io.vectorgrad.training.optim.LearningRateSchedule;
import java.util.List;
import java.util.Locale;

/**
 * A learning-rate schedule counted in epochs, as users think of it, turned into the trainer's step-based
 * {@link LearningRateSchedule} once the steps per epoch are known. Forms ({@link #FORMS}):
 * {@code constant}; {@code step:EVERY:GAMMA} (multiply by GAMMA every EVERY epochs); {@code exp:GAMMA}
 * (by GAMMA per epoch, spread over its steps); {@code cosine[:WARMUP]} (linear warm-up over WARMUP epochs,
 * then cosine annealing to 0 over the rest of the run).
 */
public final class ScheduleSpec {
  /** The accepted forms, for messages and help. */
  public static final List<String> FORMS = List.of("constant", "step:EVERY:GAMMA", "exp:GAMMA", "cosine[:WARMUP]");
  /** The leading words, for shell completion. */
  public static final List<String> NAMES = List.of("constant", "step:", "exp:", "cosine");

  private final String spec;
  private final String kind;
  private final int every;
  private final double gamma;
  private final int warmup;

  private ScheduleSpec(String spec, String kind, int every, double gamma, int warmup) {
    this.spec = spec;
    this.kind = kind;
    this.every = every;
    this.gamma = gamma;
    this.warmup = warmup;
  }

  /** The text as given. */
  public String spec() {
    return spec;
  }

  public static ScheduleSpec parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String[] p = s.split(":", -1);
    switch (p[0]) {
      case "constant":
        if (p.length == 1) {
          return new ScheduleSpec(text, "constant", 0, 1, 0);
        }
        break;
      case "step":
        if (p.length == 3) {
          int every = whole(text, "EVERY", p[1]);
          if (every < 1) {
            throw new SpecException("schedule " + text + ": EVERY must be at least 1 epoch");
          }
          return new ScheduleSpec(text, "step", every, factor(text, p[2]), 0);
        }
        break;
      case "exp":
        if (p.length == 2) {
          return new ScheduleSpec(text, "exp", 0, factor(text, p[1]), 0);
        }
        break;
      case "cosine":
        if (p.length <= 2) {
          int warmup = p.length == 2 ? whole(text, "WARMUP", p[1]) : 0;
          if (warmup < 0) {
            throw new SpecException("schedule " + text + ": WARMUP must be 0 or more epochs");
          }
          return new ScheduleSpec(text, "cosine", 0, 1, warmup);
        }
        break;
      default:
        break;
    }
    throw new SpecException("schedule '" + text + "' is not one of: " + String.join(", ", FORMS)
        + " (EVERY, WARMUP in epochs)");
  }

  private static int whole(String text, String what, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SpecException("schedule " + text + ": " + what + " '" + v + "' is not a whole number of epochs");
    }
  }

  private static double factor(String text, String v) {
    double g;
    try {
      g = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new SpecException("schedule " + text + ": GAMMA '" + v + "' is not a number");
    }
    if (!(g > 0 && g <= 1)) {
      throw new SpecException("schedule " + text + ": GAMMA " + v + " must be in (0, 1]");
    }
    return g;
  }

  /** The step-based schedule for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
  public LearningRateSchedule build(int stepsPerEpoch, int epochs) {
    if (stepsPerEpoch < 1 || epochs < 1) {
      throw new IllegalArgumentException("stepsPerEpoch=" + stepsPerEpoch + ", epochs=" + epochs
          + ": expected both >= 1");
    }
    long total = (long) stepsPerEpoch * epochs;
    switch (kind) {
      case "constant":
        return LearningRateSchedule.constant();
      case "step":
        return LearningRateSchedule.step((long) every * stepsPerEpoch, gamma);
      case "exp":
        return LearningRateSchedule.exponential(Math.pow(gamma, 1.0 / stepsPerEpoch));
      default: {
        long w = (long) warmup * stepsPerEpoch;
        if (w >= total) {
          throw new SpecException("schedule " + spec + ": warm-up of " + warmup + " epoch(s) leaves nothing of "
              + epochs + " epoch(s) to anneal");
        }
        return LearningRateSchedule.cosine(total - w, 0).withWarmup(w);
      }
    }
  }
}
