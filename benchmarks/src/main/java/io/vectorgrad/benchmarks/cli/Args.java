package io.vectorgrad.benchmarks.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line flags: {@code --name value}, {@code --name=value}, and boolean {@code --name}. Every flag a
 * command reads must be declared, so an unknown or misspelt flag is an error instead of being ignored.
 */
public final class Args {
  private final String command;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args(String command) {
    this.command = command;
  }

  /**
   * Parses {@code argv} against the flags a command accepts.
   *
   * @param valueFlags flags that take a value (without the leading dashes)
   * @param booleanFlags flags that take none
   */
  public static Args parse(String command, String[] argv, Set<String> valueFlags, Set<String> booleanFlags) {
    Args args = new Args(command);
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--") || a.length() == 2) {
        args.positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (booleanFlags.contains(name)) {
        if (value != null) {
          throw new UsageException(command + ": --" + name + " takes no value");
        }
        args.values.put(name, "true");
      } else if (valueFlags.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length || (argv[i + 1].startsWith("--") && argv[i + 1].length() > 2)) {
            throw new UsageException(command + ": --" + name + " needs a value");
          }
          value = argv[++i];
        }
        if (args.values.containsKey(name)) {
          throw new UsageException(command + ": --" + name + " is given twice");
        }
        args.values.put(name, value);
      } else {
        Set<String> known = new TreeSet<>(valueFlags);
        known.addAll(booleanFlags);
        throw new UsageException(command + ": unknown flag --" + name + " (expected one of: --"
            + String.join(", --", known) + ")");
      }
    }
    return args;
  }

  public List<String> positional() {
    return Collections.unmodifiableList(positional);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The value of a flag the command cannot run without. */
  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException(command + ": --" + name + " is required");
    }
    return v;
  }

  public int integer(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int x = Integer.parseInt(v.trim());
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": --" + name + " " + v + " is not a whole number from " + min + " to " + max);
  }

  public long longValue(String name, long fallback, long min, long max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      long x = Long.parseLong(v.trim());
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": --" + name + " " + v + " is not a whole number from " + min + " to " + max);
  }

  public double real(String name, double fallback, double min, double max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double x = Double.parseDouble(v.trim());
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": --" + name + " " + v + " is not a number from " + min + " to " + max);
  }

  /** One of a fixed set of words. */
  public String choice(String name, String fallback, String... allowed) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new UsageException(command + ": --" + name + " " + v + " is not one of: " + String.join(", ", allowed));
  }

  /** A comma-separated list of positive integers such as {@code 784,256,128,10}. */
  public int[] intList(String name, int[] fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    String[] parts = v.split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException(command + ": --" + name + " " + v + ": '" + parts[i]
            + "' is not a whole number (expected a list such as 784,256,10)");
      }
      if (out[i] < 1) {
        throw new UsageException(command + ": --" + name + " " + v + ": sizes must be >= 1");
      }
    }
    return out;
  }

  /** A file that must exist and be readable. */
  public Path existingFile(String name) {
    Path p = Path.of(required(name));
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new UsageException(command + ": --" + name + " " + p + ": no such readable file");
    }
    return p;
  }

}
