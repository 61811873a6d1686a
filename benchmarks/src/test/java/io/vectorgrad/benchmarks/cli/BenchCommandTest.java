package io.vectorgrad.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vectorgrad bench gemm}: argument errors exit 2 with one line naming the flag; a tiny run writes JSON. */
class BenchCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... argv) {
    return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private void usageError(String expected, String... argv) {
    assertEquals(2, run(argv), () -> "exit status for " + String.join(" ", argv));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains(expected), () -> "'" + message + "' should mention " + expected);
    err.reset();
  }

  @Test
  void badArgumentsAreUsageErrors() {
    usageError("expected a kernel name", "bench");
    usageError("expected a command: one of gemm (got 'gemv')", "bench", "gemv");
    usageError("Missing required option: '--n=N'", "bench", "gemm", "--m", "4", "--k", "4");
    usageError("--m 0 is not a whole number from 1 to 32768", "bench", "gemm", "--m", "0", "--n", "4", "--k", "4");
    usageError("'--k': 'x' is not an int", "bench", "gemm", "--m", "4", "--n", "4", "--k", "x");
    usageError("--impl mkl", "bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--impl", "mkl");
    usageError("--threads 0 is not", "bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--threads", "0");
    usageError("single-threaded", "bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--impl", "scalar",
        "--threads", "2");
    usageError("--clock cpu measures the calling thread only", "bench", "gemm", "--m", "4", "--n", "4", "--k", "4",
        "--clock", "cpu", "--threads", "2");
    usageError("'blis' is not one of", "bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--impl", "panama,blis");
    usageError("Unknown option: '--trans'", "bench", "gemm", "--m", "4", "--n", "4", "--k", "4", "--trans");
  }

  @Test
  void severalImplementationsAreMeasuredSideBySide(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("both.json");
    int status = run("bench", "gemm", "--m", "5", "--n", "6", "--k", "7", "--impl", "scalar,netlib-java",
        "--runs", "2", "--warmup-ms", "0", "--clock", "cpu", "--json", json.toString());
    assertEquals(0, status, () -> err.toString(StandardCharsets.UTF_8));
    String text = Files.readString(json);
    assertTrue(text.contains("\"results\"") && text.contains("\"impl\": \"netlib-java\"")
        && text.contains("\"clock\": \"cpu\""), text);
  }

  @Test
  void aTinyRunPrintsALineAndWritesJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("gemm.json");
    int status = run("bench", "gemm", "--m", "8", "--n", "9", "--k", "10", "--trans-b", "--impl", "scalar",
        "--runs", "3", "--warmup-ms", "0", "--json", json.toString());
    assertEquals(0, status, () -> err.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("median"), out.toString(StandardCharsets.UTF_8));
    String text = Files.readString(json);
    assertTrue(text.contains("\"impl\": \"scalar\"") && text.contains("\"gflops_median\"")
        && text.contains("\"runs\": 3") && text.contains("\"m\": 8"), text);
  }
}
