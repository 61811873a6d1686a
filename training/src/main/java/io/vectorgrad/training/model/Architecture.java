package io.vectorgrad.training.model;

import io.vectorgrad.training.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The shape of a sequential MLP: boundary widths ({@code [784, 256, 128, 10]}) and one activation per Dense
 * layer ({@code ["relu", "relu", "softmax"]}). This is what a model file stores as
 * {@code vectorgrad.architecture}; dropout is a training-time setting and not part of it. Immutable.
 */
public final class Architecture {
  private final int[] layerSizes;
  private final List<String> activations;

  /** Validates and copies; activations are spec strings (see {@link Activation#spec()}). */
  public Architecture(int[] layerSizes, List<String> activations) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException("architecture needs at least 2 layer sizes (input and output), got "
          + (layerSizes == null ? "null" : Arrays.toString(layerSizes)));
    }
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] < 1) {
        throw new IllegalArgumentException("layer size " + layerSizes[i] + " at index " + i + " of "
            + Arrays.toString(layerSizes) + ": expected >= 1");
      }
    }
    if (activations == null || activations.size() != layerSizes.length - 1) {
      throw new IllegalArgumentException("architecture " + Arrays.toString(layerSizes) + " has "
          + (layerSizes.length - 1) + " Dense layers but " + (activations == null ? "no" : activations.size())
          + " activations: expected one per Dense layer");
    }
    List<String> specs = new ArrayList<>(activations.size());
    for (String s : activations) {
      specs.add(Activation.fromSpec(s).spec());
    }
    for (int i = 0; i + 2 < layerSizes.length; i++) {
      if (specs.get(i).equals("softmax")) {
        throw new IllegalArgumentException("softmax is only supported as the output activation, but Dense layer "
            + i + " of " + layerSizes.length + " boundaries uses it");
      }
    }
    for (int i = 0; i + 1 < layerSizes.length; i++) {
      long params = (long) layerSizes[i] * layerSizes[i + 1];
      if (params > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("Dense layer " + i + " (" + layerSizes[i] + "→" + layerSizes[i + 1]
            + ") has " + params + " weights, more than a Java array holds");
      }
    }
    this.layerSizes = layerSizes.clone();
    this.activations = Collections.unmodifiableList(specs);
  }

  /** Convenience: {@code of(new int[] {784, 256, 10}, "relu", "softmax")}. */
  public static Architecture of(int[] layerSizes, String... activations) {
    return new Architecture(layerSizes, Arrays.asList(activations));
  }

  /** Boundary widths, input first (a copy). */
  public int[] layerSizes() {
    return layerSizes.clone();
  }

  /** Activation specs, one per Dense layer. */
  public List<String> activations() {
    return activations;
  }

  public int denseCount() {
    return layerSizes.length - 1;
  }

  public Activation activation(int dense) {
    return Activation.fromSpec(activations.get(dense));
  }

  /** A new model of this shape with default initialisation from {@code seed}. */
  public Model newModel(long seed) {
    Model.Builder b = Model.builder(layerSizes[0]);
    for (int i = 1; i < layerSizes.length; i++) {
      b.dense(layerSizes[i], activation(i - 1));
    }
    return b.build(seed);
  }

  /** Exactly {@code {"layers":[784,256,128,10],"activations":["relu","relu","softmax"]}}. */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"layers\":[");
    for (int i = 0; i < layerSizes.length; i++) {
      sb.append(i == 0 ? "" : ",").append(layerSizes[i]);
    }
    sb.append("],\"activations\":[");
    for (int i = 0; i < activations.size(); i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(activations.get(i)).append('"');
    }
    return sb.append("]}").toString();
  }

  /**
   * Parses and validates the JSON written by {@link #toJson()} (any key order and whitespace; other keys
   * are rejected so that a typo is not silently ignored). Parsing is the strict {@link Json} parser's.
   */
  public static Architecture fromJson(String json) {
    if (json == null) {
      throw new IllegalArgumentException("architecture JSON is null");
    }
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw bad(json, e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw bad(json, "expected an object with \"layers\" and \"activations\"");
    }
    Map<?, ?> map = (Map<?, ?>) parsed;
    for (Object key : map.keySet()) {
      if (!key.equals("layers") && !key.equals("activations")) {
        throw bad(json, "unknown key \"" + key + "\" (expected \"layers\" and \"activations\")");
      }
    }
    Object layers = map.get("layers");
    Object acts = map.get("activations");
    if (layers == null || acts == null) {
      throw new IllegalArgumentException("architecture JSON " + abbreviate(json) + " lacks "
          + (layers == null ? "\"layers\"" : "\"activations\""));
    }
    return new Architecture(layerSizes(layers, json), activationSpecs(acts, json));
  }

  private static int[] layerSizes(Object value, String json) {
    if (!(value instanceof List)) {
      throw bad(json, "\"layers\" must be an array of integers");
    }
    List<?> list = (List<?>) value;
    int[] sizes = new int[list.size()];
    for (int i = 0; i < sizes.length; i++) {
      Object x = list.get(i);
      if (!(x instanceof BigInteger)) {
        throw bad(json, "layer sizes must be integers, found " + x);
      }
      try {
        sizes[i] = ((BigInteger) x).intValueExact();
      } catch (ArithmeticException e) {
        throw bad(json, "layer size " + x + " is not a Java integer");
      }
    }
    return sizes;
  }

  private static List<String> activationSpecs(Object value, String json) {
    if (!(value instanceof List)) {
      throw bad(json, "\"activations\" must be an array of strings");
    }
    List<String> specs = new ArrayList<>();
    for (Object x : (List<?>) value) {
      if (!(x instanceof String)) {
        throw bad(json, "activations must be strings, found " + x);
      }
      specs.add((String) x);
    }
    return specs;
  }

  private static IllegalArgumentException bad(String json, String what) {
    return new IllegalArgumentException("bad architecture JSON " + abbreviate(json) + ": " + what);
  }

  static String abbreviate(String s) {
    return s.length() <= 120 ? "'" + s + "'" : "'" + s.substring(0, 117) + "...'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture && Arrays.equals(layerSizes, ((Architecture) o).layerSizes)
        && activations.equals(((Architecture) o).activations);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(layerSizes) * 31 + activations.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
