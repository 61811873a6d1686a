package io.vectorgrad.training.spec;

import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.optim.AdamW;
import io.vectorgrad.training.optim.Momentum;
import io.vectorgrad.training.optim.Optimizer;
import io.vectorgrad.training.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The optimizers a user can name, with their default hyper-parameters (the one list of optimizer names). */
public enum OptimizerSpec {
  SGD("sgd", 0), MOMENTUM("momentum", 1), NESTEROV("nesterov", 1), ADAM("adam", 2), ADAMW("adamw", 2);

  /** Accepted names, in declaration order. */
  public static final List<String> NAMES = names();
  /** AdamW's default decoupled weight decay. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.01;

  private final String spec;
  private final int stateCopies;

  OptimizerSpec(String spec, int stateCopies) {
    this.spec = spec;
    this.stateCopies = stateCopies;
  }

  private static List<String> names() {
    List<String> l = new ArrayList<>();
    for (OptimizerSpec o : values()) {
      l.add(o.spec);
    }
    return List.copyOf(l);
  }

  public String spec() {
    return spec;
  }

  /** Per-parameter state arrays the optimizer keeps (velocity, moments): for memory estimates. */
  public int stateCopies() {
    return stateCopies;
  }

  /** Whether a weight decay can be given: decoupled for {@code adamw}, L2 for sgd, momentum, nesterov. */
  public boolean takesWeightDecay() {
    return this != ADAM;
  }

  public static OptimizerSpec parse(String name) {
    String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (OptimizerSpec o : values()) {
      if (o.spec.equals(s)) {
        return o;
      }
    }
    throw new SpecException("optimizer '" + name + "' is not one of: " + String.join(", ", NAMES));
  }

  /**
   * A new optimizer with learning rate {@code lr}; {@code weightDecay} is NaN for the default (adamw 0.01,
   * others 0): AdamW's decoupled decay, or L2 ({@code g + λ·p}) for sgd, momentum and nesterov; adam takes none.
   */
  public Optimizer create(double lr, double weightDecay) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new SpecException("learning rate " + lr + " must be a positive finite number");
    }
    if (!Double.isNaN(weightDecay) && !takesWeightDecay()) {
      throw new SpecException("adam has no weight decay: use adamw (decoupled) or sgd, momentum, nesterov (L2)");
    }
    double wd = Double.isNaN(weightDecay) ? (this == ADAMW ? DEFAULT_WEIGHT_DECAY : 0) : weightDecay;
    if (!(wd >= 0 && wd <= 1)) {
      throw new SpecException("weight decay " + weightDecay + " is not between 0 and 1");
    }
    float lrf = (float) lr;
    float decay = (float) wd;
    switch (this) {
      case SGD: return new Sgd(lrf, decay);
      case MOMENTUM: return new Momentum(lrf, 0.9f, false, decay);
      case NESTEROV: return new Momentum(lrf, 0.9f, true, decay);
      case ADAM: return new Adam(lrf);
      default: return new AdamW(lrf, 0.9f, 0.999f, 1e-8f, decay);
    }
  }
}
