package io.vectorgrad.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vectorgrad plan} and {@code vectorgrad tradeoff} on tiny networks. */
class CheckpointCommandsTest {
  private String out;
  private String err;

  private int run(String... argv) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(argv, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Test
  void planPrintsHandCheckedNumbers() {
    assertEquals(0, run("plan", "--depth", "4", "--width", "3", "--batch", "2", "--checkpoint", "every:2"));
    // block 0 is recomputed; the last segment [2,4) stays from the forward pass
    assertTrue(out.contains("160B (160 B, 4 buffers)") && out.contains("recomputed forwards      1")
        && out.contains("per block: 1 0 0 0"), out);
    assertEquals(0, run("plan", "--depth", "64", "--width", "1024", "--batch", "256", "--checkpoint",
        "none,sqrt,revolve:4,manual:0,16,32,48,budget:12MiB"));
    assertTrue(out.contains("manual:0,16,32,48") && out.contains("24.6%") && out.contains("split:11"), out);
    assertEquals(8, out.strip().split("\n").length, out);
  }

  @Test
  void planRejectsBadInputWithOneLine() {
    assertEquals(2, run("plan", "--depth", "64", "--width", "1024", "--batch", "256", "--checkpoint", "budget:1MiB"));
    assertEquals("vectorgrad plan: budget:1MiB: budget 1.00MiB (1048576 B) is below the smallest feasible 4.00MiB"
        + " (4194368 B, revolve:1) for this network at batch 256", err.strip());
    assertEquals(2, run("plan", "--depth", "8", "--width", "4", "--batch", "2", "--checkpoint", "every:9"));
    assertEquals("vectorgrad plan: every:9: k must be between 1 and 8 (depth)", err.strip());
    assertEquals(2, run("plan", "--depth", "8", "--width", "4", "--batch", "2"));
    assertTrue(err.contains("Missing required option: '--checkpoint=SPEC[,SPEC...]'"), err);
  }

  @Test
  void tradeoffWritesCsvMarkdownPngAndJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    assertEquals(0, run("tradeoff", "--depth", "6", "--width", "8", "--batch", "4", "--activation", "tanh",
        "--policies", "none,every:2,sqrt,revolve:2,manual:0,3,budget:2KiB", "--out", dir.toString(), "--json",
        json.toString(), "--warmup", "1", "--steps", "2", "--seed", "5"), err);
    assertEquals("", err);
    List<String> csv = Files.readAllLines(dir.resolve("tradeoff.csv"));
    assertEquals(7, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(5).startsWith("\"manual:0,3\",\"manual:0,3\","), csv.get(5));
    int columns = csv.get(0).split(",").length;
    for (String row : csv) {
      // commas inside quoted specs do not count as separators
      assertEquals(columns, row.replaceAll("\"[^\"]*\"", "q").split(",").length, row);
    }
    String md = Files.readString(dir.resolve("tradeoff.md"));
    assertTrue(md.contains("| budget:2KiB |") && md.contains("|---|"), md);
    byte[] png = Files.readAllBytes(dir.resolve("tradeoff.png"));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    String j = Files.readString(json);
    for (String field : new String[] {"policy", "step_ms", "kept_bytes_measured", "kept_bytes_predicted",
        "recomputed_layer_forwards", "gradients_bit_identical"}) {
      assertEquals(6, count(j, "\"" + field + "\":"), field + " in " + j);
    }
    assertEquals(6, count(j, "\"gradients_bit_identical\": true"), j);
    assertTrue(j.contains("\"policy\": \"manual:0,3\""), j);
    // measured JOL bytes equal the prediction for every policy
    Matcher m = Pattern.compile("\"kept_bytes_measured\": (\\d+),\\s*\"kept_bytes_predicted\": (\\d+)").matcher(j);
    int rows = 0;
    while (m.find()) {
      assertEquals(m.group(2), m.group(1));
      rows++;
    }
    assertEquals(6, rows);
    try (var files = Files.list(dir)) {
      assertEquals(0, files.filter(p -> p.toString().endsWith(".tmp")).count(), "no temporary files left");
    }
  }

  @Test
  void tradeoffRejectsAPolicyListedTwiceBeforeMeasuring(@TempDir Path dir) {
    assertEquals(2, run("tradeoff", "--depth", "4", "--width", "4", "--batch", "2", "--policies", "none,every:2,none",
        "--out", dir.toString()));
    assertTrue(err.contains("lists a policy twice") && err.strip().lines().count() == 1, err);
    assertTrue(!Files.exists(dir.resolve("tradeoff.csv")), "nothing may be written");
  }

  @Test
  void tradeoffBadPolicyExitsTwoWithOneLine(@TempDir Path dir) {
    assertEquals(2, run("tradeoff", "--depth", "4", "--width", "4", "--batch", "2", "--policies", "none,every:x",
        "--out", dir.toString()));
    assertEquals(1, err.strip().split("\n").length, err);
    assertTrue(err.startsWith("vectorgrad tradeoff: checkpoint policy 'every:x'") && err.contains("every:K"), err);
    assertEquals(2, run("tradeoff", "--depth", "4", "--width", "4", "--batch", "2", "--policies", "revolve:0",
        "--out", dir.toString()));
    assertTrue(err.contains("s must be at least 1"), err);
    assertEquals(2, run("tradeoff", "--depth", "4", "--width", "4", "--batch", "2", "--policies", "none",
        "--activation", "gelu", "--out", dir.toString()));
    assertTrue(err.contains("'--activation': activation 'gelu' is not one of"), err);
    assertEquals(false, Files.exists(dir.resolve("tradeoff.csv")));
  }

  private static int count(String s, String needle) {
    int c = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      c++;
    }
    return c;
  }
}
