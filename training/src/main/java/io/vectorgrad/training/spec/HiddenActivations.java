package io.vectorgrad.training.spec;

import io.vectorgrad.training.model.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Activations a hidden layer may use: every {@link Activation} except softmax (which normalises a whole row
 * and belongs to the output layer, where {@link LossPairing} chooses it).
 */
public final class HiddenActivations {
  /** Accepted names, in {@link Activation} order. */
  public static final List<String> NAMES = names();

  private HiddenActivations() {}

  private static List<String> names() {
    List<String> l = new ArrayList<>();
    for (Activation a : Activation.values()) {
      if (a != Activation.SOFTMAX) {
        l.add(a.spec());
      }
    }
    return List.copyOf(l);
  }

  /** Parses a hidden activation name (case-insensitive). */
  public static Activation parse(String name) {
    String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(s)) {
      throw new SpecException("activation '" + name + "' is not one of: " + String.join(", ", NAMES));
    }
    return Activation.fromSpec(s);
  }
}
