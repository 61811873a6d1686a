package io.vectorgrad.training.spec;

import io.vectorgrad.training.loss.BinaryCrossEntropy;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.loss.MeanSquaredError;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A loss and the output activation it goes with: the loss decides the last layer, not the user. */
public enum LossPairing {
  /** Softmax outputs, cross-entropy against one-hot targets. */
  SOFTMAX_CE("softmax-ce", Activation.SOFTMAX, SoftmaxCrossEntropy.INSTANCE),
  /** Sigmoid outputs, binary cross-entropy against 0/1 targets. */
  BCE("bce", Activation.SIGMOID, BinaryCrossEntropy.INSTANCE),
  /** Linear outputs, mean squared error. */
  MSE("mse", Activation.LINEAR, MeanSquaredError.INSTANCE);

  /** Accepted names, in declaration order. */
  public static final List<String> NAMES = names();

  private final String spec;
  private final Activation output;
  private final Loss loss;

  LossPairing(String spec, Activation output, Loss loss) {
    this.spec = spec;
    this.output = output;
    this.loss = loss;
  }

  private static List<String> names() {
    List<String> l = new ArrayList<>();
    for (LossPairing p : values()) {
      l.add(p.spec);
    }
    return List.copyOf(l);
  }

  public String spec() {
    return spec;
  }

  public Activation outputActivation() {
    return output;
  }

  public Loss loss() {
    return loss;
  }

  /** Whether targets are class labels (one-hot or a single 0/1), not real values. */
  public boolean classifies() {
    return this != MSE;
  }

  /** Parses a loss name (case-insensitive). */
  public static LossPairing parse(String name) {
    String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (LossPairing p : values()) {
      if (p.spec.equals(s)) {
        return p;
      }
    }
    throw new SpecException("loss '" + name + "' is not one of: " + String.join(", ", NAMES));
  }

  /** The pairing whose output activation is {@code output}, e.g. for a loaded model. */
  public static LossPairing forOutput(Activation output) {
    for (LossPairing p : values()) {
      if (p.output == output) {
        return p;
      }
    }
    return MSE; // any other output activation: a regression head
  }

  /** Checks that this loss can follow {@code output}, naming both when it cannot. */
  public void checkFits(Activation output) {
    try {
      loss.checkCompatible(output);
    } catch (IllegalArgumentException e) {
      throw new SpecException("loss " + spec + " does not fit a " + output.spec() + " output layer (expected "
          + this.output.spec() + "): " + e.getMessage(), e);
    }
  }
}
