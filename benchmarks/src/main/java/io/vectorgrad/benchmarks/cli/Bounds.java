package io.vectorgrad.benchmarks.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The accepted range of a numeric option, declared next to its {@code @Option}: checked after parsing,
 * before the command runs, and appended to the option's description in {@code --help}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Bounds {
  double min();

  double max();

  /** Checks every matched option of the parsed commands; throws a picocli usage error naming it. */
  final class Checker {
    private Checker() {}

    static void check(ParseResult parsed) {
      for (ParseResult p = parsed; p != null; p = p.subcommand()) {
        for (OptionSpec o : p.matchedOptions()) {
          Bounds b = of(o);
          Object v = o.getValue();
          if (b == null || !(v instanceof Number)) {
            continue;
          }
          double x = ((Number) v).doubleValue();
          if (!(x >= b.min() && x <= b.max())) {
            boolean whole = !(v instanceof Double || v instanceof Float);
            throw new CommandLine.ParameterException(p.commandSpec().commandLine(), o.longestName() + " "
                + o.stringValues().get(o.stringValues().size() - 1) + " is not " + (whole ? "a whole number" : "a number")
                + " from " + text(b.min()) + " to " + text(b.max()));
          }
        }
      }
    }

    /** Appends "(MIN..MAX)" to the description of every bounded option of {@code spec} and its subcommands. */
    static void describe(CommandSpec spec) {
      List<OptionSpec> bounded = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        if (of(o) != null) {
          bounded.add(o);
        }
      }
      for (OptionSpec o : bounded) {
        Bounds b = of(o);
        String[] d = o.description().clone();
        String last = d[d.length - 1].strip();
        d[d.length - 1] = (last.endsWith(".") ? last.substring(0, last.length() - 1) : last) + "; " + text(b.min())
            + " to " + text(b.max()) + ".";
        spec.remove(o);
        spec.addOption(o.toBuilder().description(d).build());
      }
      for (CommandLine sub : spec.subcommands().values()) {
        if (sub.getCommandSpec() != spec) {
          describe(sub.getCommandSpec());
        }
      }
    }

    private static Bounds of(OptionSpec o) {
      Object u = o.userObject();
      return u instanceof Field ? ((Field) u).getAnnotation(Bounds.class) : null;
    }

    private static String text(double v) {
      if (v != 0 && Math.abs(v) < 1e-3) {
        return String.format(java.util.Locale.ROOT, "%.0e", v).replace("e-0", "e-");
      }
      return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
  }
}
