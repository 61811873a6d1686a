package io.vectorgrad.checkpointing;

import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a policy spec from the command line or a config into a schedule. */
public final class CheckpointPolicies {
  /** The accepted forms, for messages and usage texts. */
  public static final String FORMS = "none, every:K, sqrt, revolve:S, budget:SIZE (e.g. budget:64MiB, 512KiB, 1GiB"
      + " or bytes), manual:i,j,k (block indices starting with 0), split:B (fewest recomputations for at most B live buffers)";

  private CheckpointPolicies() {}

  /**
   * Parses {@code none | every:K | sqrt | revolve:S | budget:SIZE | manual:i,j,k | split:B}. Checks that need the
   * network (k above the depth, a budget too small) happen in {@code prepare} or {@link Planner#plan}.
   *
   * @throws IllegalArgumentException naming the spec and the accepted forms
   */
  public static ActivationSchedule parse(String spec) {
    if (spec == null) {
      throw new IllegalArgumentException("checkpoint policy is null; expected one of: " + FORMS);
    }
    String s = spec.trim();
    int colon = s.indexOf(':');
    String head = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    String arg = colon < 0 ? null : s.substring(colon + 1).trim();
    try {
      switch (head) {
        case "none":
          noArg(spec, arg);
          return StoreAll.INSTANCE;
        case "sqrt":
          noArg(spec, arg);
          return SqrtN.INSTANCE;
        case "every":
          return new EveryK(integer(spec, arg));
        case "revolve":
          return new Revolve(integer(spec, arg));
        case "budget":
          return new MemoryBudget(bytes(spec, arg), arg);
        case "split":
          return new SplitSchedule(integer(spec, arg));
        case "manual":
          return new Manual(list(spec, arg));
        default:
          throw bad(spec, "unknown policy '" + head + "'");
      }
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("expected one of:")) {
        throw e;
      }
      throw bad(spec, e.getMessage());
    }
  }

  /**
   * Splits a comma-separated list of specs such as {@code none,every:4,manual:0,8,16,sqrt}: a bare number
   * continues the {@code manual:} list before it. Empty entries are an error.
   */
  public static List<String> splitList(String specs) {
    List<String> out = new ArrayList<>();
    for (String part : specs.split(",", -1)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("policy list '" + specs + "' has an empty entry; expected specs such as "
            + "none,every:4,sqrt (forms: " + FORMS + ")");
      }
      boolean number = p.chars().allMatch(Character::isDigit);
      if (number && !out.isEmpty() && out.get(out.size() - 1).startsWith("manual:")) {
        out.set(out.size() - 1, out.get(out.size() - 1) + "," + p);
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("checkpoint policy '" + spec + "': " + why + "; expected one of: " + FORMS);
  }

  private static void noArg(String spec, String arg) {
    if (arg != null) {
      throw bad(spec, "takes no argument");
    }
  }

  private static int integer(String spec, String arg) {
    if (arg == null || arg.isEmpty()) {
      throw bad(spec, "needs a number");
    }
    try {
      return Integer.parseInt(arg);
    } catch (NumberFormatException e) {
      throw bad(spec, "'" + arg + "' is not a whole number");
    }
  }

  private static int[] list(String spec, String arg) {
    if (arg == null || arg.isEmpty()) {
      throw bad(spec, "needs block indices");
    }
    String[] parts = arg.split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw bad(spec, "'" + parts[i] + "' is not a block index");
      }
    }
    return out;
  }

  /** {@code 64MiB}, {@code 512KiB}, {@code 1GiB}, {@code 10MB}, {@code 4096}, {@code 4096B}. */
  public static long parseBytes(String text) {
    String t = text.trim();
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 64MiB, 512KiB, 1GiB or 4096)");
    }
    double number;
    try {
      number = Double.parseDouble(t.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 64MiB, 512KiB, 1GiB or 4096)");
    }
    long mult;
    switch (t.substring(i).trim()) {
      case "": case "B": mult = 1; break;
      case "KiB": mult = 1L << 10; break;
      case "MiB": mult = 1L << 20; break;
      case "GiB": mult = 1L << 30; break;
      case "KB": case "kB": mult = 1000L; break;
      case "MB": mult = 1000_000L; break;
      case "GB": mult = 1000_000_000L; break;
      default:
        throw new IllegalArgumentException("'" + text + "': unknown unit (B, KiB, MiB, GiB, KB, MB or GB)");
    }
    double bytes = number * mult;
    if (!(bytes >= 1) || bytes > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("'" + text + "' is not a usable size");
    }
    return (long) bytes;
  }

  private static long bytes(String spec, String arg) {
    if (arg == null || arg.isEmpty()) {
      throw bad(spec, "needs a size");
    }
    return parseBytes(arg);
  }
}
