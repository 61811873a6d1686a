package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.serve.Predictor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writing, output-path checks, and model reading that trusts no size it has not checked. */
class FileSafetyTest {
  @TempDir
  Path dir;

  private static final Duration QUICK = Duration.ofSeconds(10);

  @Test
  void atomicWritesHonourTheUmaskAndRefuseReadOnlyTargets() throws IOException {
    Path reference = Files.createFile(dir.resolve("ref"));
    Path f = dir.resolve("a/b/out.bin");
    AtomicFiles.write(f, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
    assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(f));
    AtomicFiles.write(f, new byte[] {4});
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(f));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
    AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> AtomicFiles.write(f, new byte[] {5}));
    assertTrue(e.getMessage().contains("read-only: refusing to replace it"), e.getMessage());
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(f));
    IOException d = assertThrows(IOException.class, () -> AtomicFiles.write(dir, new byte[] {5}));
    assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
    try (var s = Files.list(f.getParent())) {
      assertEquals(1, s.count(), "no temporary file is left");
    }
  }

  @Test
  void staleTemporariesAreRemovedOnTheNextWrite() throws IOException {
    String pid = String.valueOf(ProcessHandle.current().pid());
    Path dead = Files.writeString(dir.resolve(".vectorgrad-" + Long.MAX_VALUE + "-ab-x.tmp"), "");
    Path old = Files.writeString(dir.resolve(".vectorgrad-" + pid + "-cd-x.tmp"), "");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
    Path fresh = Files.writeString(dir.resolve(".vectorgrad-" + pid + "-ef-x.tmp"), "");
    Path malformed = Files.writeString(dir.resolve(".vectorgrad-notapid-x.tmp"), "");
    AtomicFiles.write(dir.resolve("x"), new byte[0]);
    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh));
    assertTrue(Files.exists(malformed), "not a name we write: left alone");
    assertEquals(Optional.of(12L), AtomicFiles.writerPid(".vectorgrad-12-ff-model.st.tmp"));
    assertEquals(Optional.empty(), AtomicFiles.writerPid(".vectorgrad-12-model.st.tmp"));
  }

  @Test
  void outputPathsAreCheckedAgainstInputsAndEachOther() throws IOException {
    Path in = Files.writeString(dir.resolve("in.csv"), "1,0\n");
    Path out = dir.resolve("new/out.json");
    new OutputPaths().input("--dataset", in).output("--save", dir.resolve("m.st")).output("--json", out).check();
    assertFalse(Files.exists(out.getParent()), "checking creates nothing");
    String m = assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().input("--dataset", in)
        .output("--save", dir.resolve("new/../in.csv")).check()).getMessage();
    assertTrue(m.startsWith("--save " + dir.resolve("new/../in.csv") + " is the same file as the input --dataset"), m);
    Path hard = Files.createLink(dir.resolve("hard.csv"), in);
    assertTrue(assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().input("--dataset", in)
        .output("--json", hard).check()).getMessage().contains("same file"));
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path viaLink = Files.createSymbolicLink(dir.resolve("alias"), sub);
    assertTrue(assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().output("--save", sub.resolve("m"))
        .output("--json", viaLink.resolve("m")).check()).getMessage().contains("one output would overwrite the other"));
    assertTrue(assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().output("--save", Path.of(""))
        .check()).getMessage().equals("--save is empty: expected a file name"));
    assertTrue(assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().output("--json", sub).check())
        .getMessage().endsWith("is a directory: expected a file name"));
    assertTrue(assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().output("--json", in.resolve("x"))
        .check()).getMessage().contains("is not a directory"));
    Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("r--r--r--"));
    assertTrue(assertThrows(OutputPaths.Conflict.class, () -> new OutputPaths().output("--json", in).check())
        .getMessage().contains("is read-only"));
  }

  @Test
  void onlyRegularFilesAreRead() throws Exception {
    ModelFileException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(ModelFileException.class,
        () -> ModelFiles.load(Path.of("/dev/zero"))));
    assertEquals("/dev/zero is not a regular file (a device, FIFO or socket): expected a safetensors file",
        e.getMessage());
    assertEquals(dir + " is a directory, not a model file",
        assertThrows(ModelFileException.class, () -> ModelFiles.load(dir)).getMessage());
    assertEquals(dir.resolve("none") + ": no such file",
        assertThrows(ModelFileException.class, () -> ModelFiles.load(dir.resolve("none"))).getMessage());
    Path fifo = dir.resolve("fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
    assertTimeoutPreemptively(QUICK, () -> assertThrows(ModelFileException.class, () -> ModelFiles.load(fifo)));
  }

  @Test
  void headerLengthsAreCheckedAgainstTheRealFileSize() throws IOException {
    for (long claimed : new long[] {1L << 40, (100L << 20) - 1, -1}) {
      Path f = dir.resolve("h" + claimed);
      Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed).array());
      long before = allocated();
      String m = assertThrows(ModelFileException.class, () -> ModelFiles.load(f)).getMessage();
      assertTrue(m.contains("over the 104857600-byte limit") || m.contains("truncated"), m);
      assertTrue(allocated() - before < 1 << 20, "nothing allocated from the claimed length");
    }
  }

  @Test
  void aHeaderOfMillionsOfEmptyTensorsIsRejectedBeforeParsing() throws IOException {
    String entry = "\"t%07d\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},";
    int count = 1_670_000;
    StringBuilder sb = new StringBuilder(count * 60).append('{');
    for (int i = 0; i < count; i++) {
      sb.append(String.format(entry, i));
    }
    sb.setCharAt(sb.length() - 1, '}');
    byte[] json = sb.toString().getBytes(StandardCharsets.US_ASCII);
    sb = null;
    assertTrue(json.length < SafeTensors.MAX_HEADER_BYTES, json.length + " bytes");
    Path f = dir.resolve("many.safetensors");
    try (var out = Files.newOutputStream(f)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      out.write(json);
    }
    json = null;
    long size = Files.size(f);
    assertTimeoutPreemptively(QUICK, () -> {
      long before = allocated();
      ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(f));
      assertTrue(e.getMessage().contains("JSON objects, more than the 65536 tensors"), e.getMessage());
      long used = allocated() - before;
      assertTrue(used < 2L * size, "about the header bytes, not gigabytes: " + used);
    });
  }

  @Test
  void predictorNamesMaxBatch() {
    Model m = Model.builder(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).build(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Predictor(m, Integer.MAX_VALUE, 1));
    assertTrue(e.getMessage().startsWith("maxBatch=2147483647 is too large"), e.getMessage());
    assertTrue(e.getMessage().contains("expected maxBatch <= 536870909"), e.getMessage());
  }

  /** Bytes allocated by this thread so far. */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
