package io.vectorgrad.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class in a child JVM on this JVM's java, class path, system properties and -XX flags
 * (so the same provider, vector width and {@code -XX:UseAVX}), plus the given JIT flags, and returns the
 * {@code key=value} lines it prints. Used to compare interpreted and C1 results with this JVM's C2 ones.
 */
public final class ColdJvm {
  private ColdJvm() {}

  /** The cold modes compared against a warmed-up C2: interpreter only, and C1 only. */
  public static final List<String> MODES = List.of("-Xint", "-XX:TieredStopAtLevel=1");

  /**
   * Environment variable naming a second JDK (its home) whose results must match this one's, bit for bit;
   * {@code .ci/run} sets it to the other supported JDK. Tests comparing JDKs are skipped without it.
   */
  public static final String COMPARE_JAVA_HOME = "VECTORGRAD_COMPARE_JAVA_HOME";

  public static Map<String, String> run(Class<?> main, String jitFlag) {
    return run(main, System.getProperty("java.home"), jitFlag);
  }

  /** {@link #run(Class, String)} on the java of another JDK home (same flags, class path and properties). */
  public static Map<String, String> run(Class<?> main, String javaHome, String jitFlag) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(javaHome, "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean jit = arg.equals("-Xint") || arg.startsWith("-XX:TieredStopAtLevel") || arg.startsWith("-XX:-Tiered")
          || arg.startsWith("-XX:+Tiered");
      if ((arg.startsWith("-XX:") || arg.startsWith("-D")) && !jit && !arg.startsWith("-Djdk.module")) {
        cmd.add(arg);
      }
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    cmd.add(jitFlag);
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(main.getName());
    try {
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("child JVM timed out: " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("child JVM " + cmd + " exited with " + p.exitValue() + ":\n" + err.join());
      }
      Map<String, String> lines = new LinkedHashMap<>();
      for (String line : out.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          lines.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Fails naming the entries (kernels) whose fingerprints differ. */
  public static void assertSame(Map<String, String> expected, Map<String, String> got, String what) {
    if (expected.equals(got)) {
      return;
    }
    StringBuilder diff = new StringBuilder();
    java.util.Set<String> keys = new java.util.LinkedHashSet<>(expected.keySet());
    keys.addAll(got.keySet());
    for (String k : keys) {
      if (!java.util.Objects.equals(expected.get(k), got.get(k))) {
        diff.append("\n  ").append(k).append(": ").append(expected.get(k)).append(" vs ").append(got.get(k));
      }
    }
    throw new AssertionError(what + ": different bits in" + diff);
  }

  private static String read(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 64-bit FNV-1a over the raw bits of floats, as hex: the fingerprint of one kernel's results. */
  public static final class Hash {
    private long h = 0xcbf29ce484222325L;

    public Hash add(float[] a, int off, int n) {
      for (int i = off; i < off + n; i++) {
        add(Float.floatToRawIntBits(a[i]));
      }
      return this;
    }

    public Hash add(float v) {
      return add(Float.floatToRawIntBits(v));
    }

    public Hash add(int bits) {
      for (int s = 0; s < 32; s += 8) {
        h ^= (bits >>> s) & 0xff;
        h *= 0x100000001b3L;
      }
      return this;
    }

    @Override
    public String toString() {
      return Long.toHexString(h);
    }
  }
}
