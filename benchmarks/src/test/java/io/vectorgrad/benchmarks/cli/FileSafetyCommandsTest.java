package io.vectorgrad.benchmarks.cli;

import static io.vectorgrad.benchmarks.cli.TrainingCommandsTest.assertOneLineError;
import static io.vectorgrad.benchmarks.cli.TrainingCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.benchmarks.cli.TrainingCommandsTest.Run;
import io.vectorgrad.training.io.AtomicFiles;
import io.vectorgrad.training.io.ModelFiles;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproductions of issue 9 at the command line: outputs that would destroy inputs or each other,
 * divergence, outputs checked before work, sizes checked before allocation, unreadable model files, file
 * modes and leftovers, NaN outcomes, and data that does not fit. Each asserts the exit status, the one-line
 * message, and that no file was overwritten or left behind.
 */
class FileSafetyCommandsTest {
  @TempDir
  Path dir;

  private static final Duration QUICK = Duration.ofSeconds(20);

  private String[] listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  private void assertNoTemporaries() throws IOException {
    for (String name : listing()) {
      assertFalse(name.endsWith(".tmp"), "temporary file left behind: " + name);
    }
  }

  private Path csv(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private Path trainedModel() throws IOException {
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, run("train", "--epochs", "1", "--quiet", "--save", model.toString()).status);
    return model;
  }

  @Test
  void anOutputNeverReplacesAnInputOrAnotherOutput() throws IOException {
    Path m = dir.resolve("m.st");
    assertOneLineError(run("train", "--dataset", "xor", "--save", m.toString(), "--json", m.toString()), 2,
        "--json " + m + " is the same file as --save " + m);
    assertFalse(Files.exists(m));

    Path model = trainedModel();
    byte[] before = Files.readAllBytes(model);
    assertOneLineError(run("evaluate", "--model", model.toString(), "--json", model.toString()), 2,
        "is the same file as the input --model");
    // the same file through a symbolic link and through "..": real paths are compared
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, model);
    assertOneLineError(run("evaluate", "--model", model.toString(), "--json", link.toString()), 2, "same file");
    Files.createDirectories(dir.resolve("sub"));
    assertOneLineError(run("train", "--quiet", "--epochs", "1", "--save", dir.resolve("sub/../m.safetensors")
        .toString(), "--json", model.toString()), 2, "same file");
    assertArrayEquals(before, Files.readAllBytes(model));

    StringBuilder sb = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 40; i++) {
      sb.append(i).append(',').append(i % 7).append(',').append(i % 2).append('\n');
    }
    Path data = csv("D.csv", sb.toString());
    Run r = run("train", "--dataset", "csv:" + data, "--save", data.toString());
    assertOneLineError(r, 2, "is the same file as the input --dataset");
    assertEquals(sb.toString(), Files.readString(data));
    assertTrue(r.out.isEmpty(), "nothing may run: " + r.out);
    assertNoTemporaries();
  }

  @Test
  void divergenceIsReportedAsDivergenceWithLayerAndStep() {
    Run r = run("train", "--optimizer", "momentum", "--lr", "10", "--activation", "linear", "--epochs", "2",
        "--quiet");
    assertOneLineError(r, 3, "training diverged (step ");
    assertTrue(r.err.contains("layers."), r.err);
    assertFalse(r.err.contains("too large for Java arrays"), r.err);
  }

  @Test
  void outputPathsAreCheckedBeforeAnyWork() throws IOException {
    Path file = csv("plain.txt", "x");
    Run r = run("train", "--save", file.resolve("m.st").toString());
    assertOneLineError(r, 2, "is not a directory");
    assertTrue(r.out.isEmpty(), "no training may start: " + r.out);
    r = run("train", "--save=");
    assertOneLineError(r, 2, "--save is empty: expected a file name");
    assertTrue(r.out.isEmpty(), r.out);
    assertOneLineError(run("train", "--json", dir.toString()), 2, "is a directory");
    r = run("tradeoff", "--depth", "4", "--width", "8", "--batch", "2", "--policies", "none,sqrt", "--out",
        file.toString());
    assertOneLineError(r, 2, "is not a directory");
    assertTrue(r.out.isEmpty(), "the benchmark may not run: " + r.out);
    assertEquals("x", Files.readString(file));
    if (!"root".equals(System.getProperty("user.name"))) { // root may write anywhere
      Path locked = Files.createDirectory(dir.resolve("locked"));
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
      r = run("train", "--save", locked.resolve("m.st").toString());
      assertOneLineError(r, 2, "is not writable");
      assertTrue(r.out.isEmpty(), r.out);
    }
    assertNoTemporaries();
  }

  @Test
  void sizesAreCheckedAgainstTheHeapBeforeAllocating() {
    assumeTrue(Runtime.getRuntime().maxMemory() < 16L << 30, "needs a heap below 16 GiB");
    long used0 = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    Run r = assertTimeoutPreemptively(QUICK, () -> run("tradeoff", "--depth", "2", "--width", "30000", "--batch", "8",
        "--policies", "none", "--out", dir.toString()));
    assertOneLineError(r, 2, "needs ");
    assertTrue(r.err.contains("-Xmx") && r.err.contains("bytes"), r.err);
    r = assertTimeoutPreemptively(QUICK, () -> run("train", "--layers", "2,40000,40000,3", "--quiet"));
    assertOneLineError(r, 2, "needs ");
    assertTrue(r.err.contains("VECTORGRAD_JAVA_OPTS=-Xmx"), r.err);
    r = assertTimeoutPreemptively(QUICK, () -> run("train", "--batch", "1048576", "--layers", "2,256,3", "--epochs",
        "1", "--quiet"));
    assertEquals(0, r.status, "a million-row batch is clamped to the data set size, so this fits: " + r.err);
  }

  @Test
  void modelFilesThatAreNotRegularFilesAreRejectedQuickly() throws Exception {
    Run r = assertTimeoutPreemptively(QUICK, () -> run("evaluate", "--model", "/dev/zero"));
    assertOneLineError(r, 1, "/dev/zero is not a regular file");
    r = run("evaluate", "--model", dir.toString());
    assertOneLineError(r, 1, dir + " is a directory");
    Path fifo = dir.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
    r = assertTimeoutPreemptively(QUICK, () -> run("evaluate", "--model", fifo.toString()));
    assertOneLineError(r, 1, fifo + " is not a regular file");
  }

  @Test
  void modelFilesHonourTheUmaskRefuseReadOnlyTargetsAndCleanUpStaleTemporaries() throws IOException {
    Path reference = Files.createFile(dir.resolve("reference"));
    Path model = trainedModel();
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
    assertEquals(expected, Files.getPosixFilePermissions(model), "a model file is created like any other file");

    byte[] before = Files.readAllBytes(model);
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("r--r--r--"));
    Run r = run("train", "--epochs", "1", "--quiet", "--save", model.toString());
    assertOneLineError(r, 2, "is read-only: refusing to replace it");
    assertArrayEquals(before, Files.readAllBytes(model));
    Files.setPosixFilePermissions(model, expected);

    Path dead = dir.resolve(AtomicFiles.TEMP_PREFIX + Long.MAX_VALUE + "-1f-m.safetensors.tmp");
    Path old = dir.resolve(AtomicFiles.TEMP_PREFIX + ProcessHandle.current().pid() + "-2f-m.safetensors.tmp");
    Path live = dir.resolve(AtomicFiles.TEMP_PREFIX + ProcessHandle.current().pid() + "-3f-m.safetensors.tmp");
    Path foreign = dir.resolve(".someone-else.tmp");
    for (Path p : new Path[] {dead, old, live, foreign}) {
      Files.writeString(p, "partial");
    }
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    assertEquals(0, run("train", "--epochs", "1", "--quiet", "--save", model.toString()).status);
    assertFalse(Files.exists(dead), "the writer of this temporary file is gone");
    assertFalse(Files.exists(old), "older than an hour");
    assertTrue(Files.exists(live), "a fresh temporary file of a live writer stays");
    assertTrue(Files.exists(foreign), "not ours");
  }

  @Test
  void nonFiniteOutputsAndEmptyOrMismatchedDataAreErrors() throws IOException {
    Model huge = Model.builder(2).dense(64, Activation.RELU).dense(3, Activation.SOFTMAX).build(1);
    Arrays.fill(huge.dense(0).weights(), 1e30f);
    Arrays.fill(huge.dense(1).weights(), 1e30f);
    Path model = dir.resolve("huge.safetensors");
    ModelFiles.save(huge, model);
    Path json = dir.resolve("e.json");
    Run r = run("evaluate", "--model", model.toString(), "--json", json.toString());
    assertOneLineError(r, 3, "outputs are NaN or ∞ for ");
    assertTrue(r.err.contains(" of 360 samples"), r.err);
    assertTrue(Files.readString(json).contains("\"non_finite_samples\""), "the report is still written");

    Path empty = Files.createDirectory(dir.resolve("empty-test"));
    writeIdx(empty, "train", 4, 2);
    writeIdx(empty, "t10k", 0, 2);
    assertOneLineError(run("train", "--dataset", "idx:" + empty, "--layers", "4,10", "--quiet"), 1,
        "holds 0 samples: nothing to evaluate on");
    Path noTrain = Files.createDirectory(dir.resolve("empty-train"));
    writeIdx(noTrain, "train", 0, 2);
    writeIdx(noTrain, "t10k", 3, 2);
    r = run("train", "--dataset", "idx:" + noTrain, "--layers", "4,10");
    assertOneLineError(r, 1, "holds 0 samples: nothing to train on");
    assertFalse(r.err.contains("/ by zero"), r.err);
    Path mismatch = Files.createDirectory(dir.resolve("mismatch"));
    writeIdx(mismatch, "train", 5, 2);
    writeIdx(mismatch, "t10k", 3, 3);
    r = run("train", "--dataset", "idx:" + mismatch, "--layers", "4,10");
    assertOneLineError(r, 1, "the training part has 4 features per sample, the test part 9");
    assertTrue(r.out.isEmpty(), "found before training: " + r.out);
  }

  @Test
  void trainReportsTestRowsWhoseOutputsOverflowAndStillSavesTheModel() throws IOException {
    int n = 50;
    int extreme = io.vectorgrad.training.data.Splits.permutation(n, io.vectorgrad.training.spec.DatasetSpec.DATA_SEED)[0];
    StringBuilder sb = new StringBuilder("a,b,label\n");
    for (int i = 0; i < n; i++) {
      // one test row is far outside the training range: standardised, it overflows to infinity
      sb.append(i == extreme ? "3e38,-3e38" : (i % 10) * 0.01 + "," + (i % 7) * 0.01).append(',').append(i % 2)
          .append('\n');
    }
    Path data = csv("overflow.csv", sb.toString());
    Path model = dir.resolve("m.st");
    Run r = run("train", "--dataset", "csv:" + data, "--layers", "2,8,2", "--epochs", "2", "--quiet", "--save",
        model.toString());
    assertOneLineError(r, 3, "the model's outputs are NaN or ∞ for 1 of 10 test samples");
    assertTrue(Files.size(model) > 0, "the trained model is saved all the same");
  }

  /** {@code PREFIX-images-idx3-ubyte} with {@code n} images of side × side and labels cycling 0..9. */
  private static void writeIdx(Path d, String prefix, int n, int side) throws IOException {
    ByteBuffer img = ByteBuffer.allocate(16 + n * side * side).putInt(0x803).putInt(n).putInt(side).putInt(side);
    ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
    for (int i = 0; i < n; i++) {
      lab.put((byte) (i % 10));
    }
    Files.write(d.resolve(prefix + "-images-idx3-ubyte"), img.array());
    Files.write(d.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
  }

  @Test
  void csvProblemsNameTheFileAndLine() throws IOException {
    Path latin = dir.resolve("latin1.csv");
    Files.write(latin, "a,b,label\n1,2,0\n3,4,1\n5,\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));
    assertOneLineError(run("train", "--dataset", "csv:" + latin), 1, latin + ":4: not valid UTF-8");
    Path big = csv("big.csv", "1,2,0\n3,4,1\n5,6,1000000\n7,8,1\n");
    Run r = assertTimeoutPreemptively(QUICK, () -> run("train", "--dataset", "csv:" + big));
    assertOneLineError(r, 1, big + ":3: column 3: label 1000000 would make 1000001 classes");
    Path gap = csv("gap.csv", "1,2,0\n3,4,5\n5,6,5\n7,8,0\n");
    assertOneLineError(run("train", "--dataset", "csv:" + gap), 1, "class 1 never does");
    r = run("train", "--dataset", "csv:" + gap, "--classes", "6", "--epochs", "1", "--quiet");
    assertEquals(0, r.status, "--classes names the class count: " + r.err);
  }

  @Test
  void everyCommandHasHelpAndTheToolHasVersionAndCompletion() {
    for (String c : new String[] {"train", "evaluate", "export", "gradcheck", "plan", "tradeoff", "bench", "info", "completion"}) {
      Run r = run(c, "--help");
      assertEquals(0, r.status, c + ": " + r.err);
      assertTrue(r.out.startsWith("Usage: vectorgrad " + c), r.out);
      assertTrue(r.out.contains("Exit codes:") || c.equals("completion"), r.out);
      assertEquals(r.out, run("help", c).out, "help " + c);
    }
    Run gemm = run("bench", "gemm", "--help");
    assertTrue(gemm.status == 0 && gemm.out.contains("--warmup-ms"), gemm.out);
    Run jmh = run("jmh", "--help");
    assertTrue(jmh.status == 0 && jmh.out.contains("JMH-ARG"), jmh.out);
    Run train = run("train", "--help");
    for (String name : new String[] {"leaky_relu", "linear", "softmax-ce", "nesterov", "cosine[:WARMUP]",
        "fashion-mnist[:DIR]", "csv:FILE", "1 to 100000"}) {
      // wrapped lines may break inside a form
      assertTrue(train.out.replaceAll("\\s", "").contains(name.replaceAll("\\s", "")), "train --help lists " + name
          + ":\n" + train.out);
    }
    Run v = run("--version");
    assertTrue(v.status == 0 && v.out.startsWith("vectorgrad "), v.out);
    Run c = run("completion");
    assertTrue(c.status == 0 && c.out.contains("complete -F") && c.out.contains("leaky_relu")
        && c.out.contains("tradeoff"), c.out.length() + " chars");
  }

  @Test
  void everyOptionListedInHelpIsAccepted() {
    // the help is generated from the same declarations the parser uses; spot-check that options parse
    assertEquals(0, run("train", "--dataset", "xor", "--layers", "2,8,2", "--activation", "leaky_relu", "--loss",
        "softmax-ce", "--optimizer", "adamw", "--lr", "0.01", "--weight-decay", "0.02", "--schedule", "step:1:0.5",
        "--batch", "16", "--epochs", "2", "--seed", "3", "--threads", "1", "--validation", "0.2", "--checkpoint",
        "every:1", "--quiet").status);
    assertEquals(0, run("train", "--dataset", "xor", "--layers", "2,8,2", "--residual", "2", "--norm", "layer",
        "--optimizer", "momentum", "--weight-decay", "0.001", "--epochs", "1", "--quiet").status);
    assertEquals(0, run("gradcheck", "--layers", "3,4,2", "--activation", "linear", "--loss", "mse", "--batch", "2",
        "--seed", "2", "--epsilon", "1e-3", "--tolerance", "1e-2").status);
    assertEquals(0, run("gradcheck", "--layers", "3,4,2", "--residual", "1", "--norm", "batch", "--batch", "4")
        .status);
  }

  @Test
  void noArgumentsTrainsOnTheEmbeddedSpirals() {
    Run r = run();
    assertEquals(0, r.status, r.err);
    assertTrue(r.out.startsWith("spirals: ") && r.out.contains("test: accuracy"), r.out);
  }
}
