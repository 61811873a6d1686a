package io.vectorgrad.benchmarks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.training.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train, evaluate and gradcheck sub-commands through {@link Main#run}, with captured streams. */
class TrainingCommandsTest {
  @TempDir
  Path dir;

  static final class Run {
    final int status;
    final String out;
    final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Map<?, ?> json(Path p) throws IOException {
    return (Map<?, ?>) Json.parse(Files.readString(p));
  }

  static double number(Map<?, ?> m, String key) {
    Object v = m.get(key);
    assertTrue(v instanceof Number, key + " = " + v);
    return new BigDecimal(v.toString()).doubleValue();
  }

  /** One line on stderr, naming the problem, and the expected exit status. */
  static void assertOneLineError(Run r, int status, String fragment) {
    assertEquals(status, r.status, r.err);
    String e = r.err.strip();
    assertFalse(e.isEmpty());
    assertFalse(e.contains("\n"), "one line expected: " + e);
    assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
    assertTrue(e.contains(fragment), e);
  }

  @Test
  void trainWritesSummaryAndLearns() throws IOException {
    Path json = dir.resolve("out/summary.json");
    Run r = run("train", "--epochs", "8", "--seed", "3", "--json", json.toString());
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.contains("test: accuracy"), r.out);
    Map<?, ?> m = json(json);
    assertEquals(8, (int) number(m, "epochs"));
    assertTrue(number(m, "test_accuracy") >= 0.8, "spirals after 8 epochs: " + m.get("test_accuracy"));
    assertTrue(number(m, "train_seconds") > 0);
    assertTrue(number(m, "train_samples_per_second") > 0);
    assertEquals("spirals", m.get("dataset"));
    assertEquals(8, ((java.util.List<?>) m.get("history")).size());
    // the per-block gradient norm summary: printed and in the JSON, one entry per block (3 Dense layers)
    assertTrue(r.out.contains("gradient norm") && r.out.contains("layers.2"), r.out);
    java.util.List<?> norms = (java.util.List<?>) m.get("layer_gradient_norms");
    assertEquals(3, norms.size());
    Map<?, ?> first = (Map<?, ?>) norms.get(0);
    assertEquals("layers.0", first.get("name"));
    assertTrue(number(first, "min") > 0 && number(first, "min") <= number(first, "mean")
        && number(first, "mean") <= number(first, "max"), first.toString());
  }

  @Test
  void sameSeedSameResult() throws IOException {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    assertEquals(0, run("train", "--dataset", "xor", "--epochs", "3", "--quiet", "--json", a.toString()).status);
    assertEquals(0, run("train", "--dataset", "xor", "--epochs", "3", "--quiet", "--json", b.toString()).status);
    assertEquals(number(json(a), "final_train_loss"), number(json(b), "final_train_loss"));
  }

  @Test
  void checkpointingDoesNotChangeTheResult() throws IOException {
    Path none = dir.resolve("none.json");
    Path sqrt = dir.resolve("sqrt.json");
    assertEquals(0, run("train", "--epochs", "2", "--quiet", "--json", none.toString()).status);
    Run r = run("train", "--epochs", "2", "--quiet", "--checkpoint", "every:2", "--json", sqrt.toString());
    assertEquals(0, r.status, r.err);
    assertEquals("every:2", json(sqrt).get("checkpoint"));
    assertEquals(number(json(none), "final_train_loss"), number(json(sqrt), "final_train_loss"));
    assertEquals(number(json(none), "test_accuracy"), number(json(sqrt), "test_accuracy"));
  }

  @Test
  void saveThenEvaluateGivesTheSameAccuracy() throws IOException {
    Path model = dir.resolve("m.safetensors");
    Path trainJson = dir.resolve("t.json");
    Path evalJson = dir.resolve("e.json");
    Run t = run("train", "--epochs", "3", "--layers", "2,16,3", "--save", model.toString(), "--json",
        trainJson.toString(), "--quiet");
    assertEquals(0, t.status, t.err);
    Run e = run("evaluate", "--model", model.toString(), "--json", evalJson.toString());
    assertEquals(0, e.status, e.err);
    Map<?, ?> tm = json(trainJson);
    Map<?, ?> em = json(evalJson);
    assertEquals(number(tm, "test_accuracy"), number(em, "test_accuracy"));
    assertEquals(number(tm, "test_loss"), number(em, "test_loss"), 1e-9);
    assertEquals(number(tm, "test_samples"), number(em, "samples"));
  }

  @Test
  void csvAndBinaryCrossEntropy() throws IOException {
    StringBuilder sb = new StringBuilder("x1,x2,label\n");
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 200; i++) {
      double x1 = rnd.nextGaussian();
      double x2 = rnd.nextGaussian();
      sb.append(x1).append(',').append(x2).append(',').append(x1 + x2 > 0 ? 1 : 0).append('\n');
    }
    Path csv = dir.resolve("lin.csv");
    Files.writeString(csv, sb);
    Path json = dir.resolve("c.json");
    Run r = run("train", "--dataset", "csv:" + csv, "--loss", "bce", "--layers", "2,8,1", "--epochs", "20", "--quiet",
        "--json", json.toString());
    assertEquals(0, r.status, r.err);
    assertTrue(number(json(json), "test_accuracy") >= 0.85, r.out);
  }

  @Test
  void usageErrorsAreOneLineWithStatus2() {
    assertOneLineError(run("train", "--epoch", "3"), 2, "Unknown options: '--epoch'");
    assertOneLineError(run("train", "--epoch", "3"), 2, "did you mean --epochs?");
    assertOneLineError(run("trian"), 2, "expected a command: one of train, evaluate, export, gradcheck");
    assertOneLineError(run("trian"), 2, "or train or");
    assertOneLineError(run("train", "--epochs", "abc"), 2, "'--epochs': 'abc' is not an int");
    assertOneLineError(run("train", "--epochs", "0"), 2, "--epochs 0 is not a whole number from 1 to 100000");
    assertOneLineError(run("train", "--layers", "3,8,3"), 2, "the first size must be 2");
    assertOneLineError(run("train", "--layers", "2,8,5"), 2, "the last size must be 3");
    assertOneLineError(run("train", "--layers", "2,0,3"), 2, "sizes must be >= 1");
    assertOneLineError(run("train", "--dataset", "mnist"), 2, "'--dataset': data set 'mnist' is not one of");
    assertOneLineError(run("train", "--schedule", "cosine:x"), 2, "schedule cosine:x: WARMUP 'x' is not a whole");
    assertOneLineError(run("train", "--lr", "-1"), 2, "--lr -1 is not a number from 1e-9 to 10");
    assertOneLineError(run("train", "--checkpoint", "every:0"), 2, "'--checkpoint'");
    assertOneLineError(run("gradcheck", "--loss", "hinge"), 2, "loss 'hinge' is not one of: softmax-ce, bce, mse");
    assertOneLineError(run("evaluate"), 2, "Missing required option: '--model=FILE'");
    assertOneLineError(run("train", "--weight-decay", "0.1"), 2, "--weight-decay applies to adamw (decoupled) and sgd, momentum,"
        + " nesterov (L2), not adam");
    // a value option must not swallow the next option as its value (that wrote a file called --quiet)
    assertOneLineError(run("train", "--json", "--quiet"), 2, "Expected parameter for option '--json' but found '--quiet'");
  }

  @Test
  void missingOrCorruptFilesFail() throws IOException {
    assertOneLineError(run("evaluate", "--model", dir.resolve("nope.safetensors").toString()), 2,
        "no such file");
    assertOneLineError(run("train", "--dataset", "csv:" + dir.resolve("nope.csv")), 2, "no such file");
    assertOneLineError(run("train", "--dataset", "idx:" + dir), 1, "train-images-idx3-ubyte");
    Path bad = dir.resolve("bad.safetensors");
    Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    assertOneLineError(run("evaluate", "--model", bad.toString()), 1, "bad.safetensors");
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, run("train", "--epochs", "1", "--quiet", "--save", model.toString()).status);
    assertOneLineError(run("evaluate", "--model", model.toString(), "--dataset", "xor"), 2, "maps 2 inputs to 3");
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    Run r = run("evaluate", "--model", model.toString());
    assertNotEquals(0, r.status);
  }

  @Test
  void gradcheckPassesForSaneConfigs() {
    Run r = run("gradcheck");
    assertEquals(0, r.status, r.out + r.err);
    assertTrue(r.out.contains("layers.0.weight") && r.out.contains("OK: worst relative error"), r.out);
    assertEquals(0, run("gradcheck", "--layers", "4,7,1", "--activation", "sigmoid", "--loss", "bce").status);
    // ReLU with zero biases: some pre-activations lie within the default ranges of the kink at 0, and kinks
    // close to p in every range are not always detected (3.6e-3 here); a 10× smaller range resolves them
    assertEquals(1, run("gradcheck", "--layers", "3,5,2", "--activation", "relu", "--loss", "mse", "--seed", "9").status);
    assertEquals(0, run("gradcheck", "--layers", "3,5,2", "--activation", "relu", "--loss", "mse", "--seed", "9",
        "--epsilon", "0.01").status);
  }

  @Test
  void gradcheckFailsWhenTheToleranceCannotBeMet() {
    // a huge step makes central differences inaccurate: the check must notice and exit 1
    Run r = run("gradcheck", "--epsilon", "0.1", "--tolerance", "1e-9");
    assertOneLineError(r, 1, "FAILED");
  }
}
