package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.vectorgrad.training.data.CsvReader;
import io.vectorgrad.training.data.DataFileException;
import io.vectorgrad.training.data.IdxReader;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the file readers: random bytes and random mutations (flipped, inserted, deleted bytes,
 * truncation, a random header length) of a valid model file, valid ONNX files (written by vectorgrad and by
 * {@code torch.onnx.export}), valid IDX files (plain and gzip) and a valid
 * CSV file. Every input must either read or fail with a named exception ({@link ModelFileException},
 * {@link DataFileException} or {@link IllegalArgumentException}) carrying a message, allocating at most
 * {@link #MAX_BYTES_PER_INPUT}, all within {@link #TIME_LIMIT}.
 */
class ReaderFuzzTest {
  static final long SEED = 0x5EED_F11E5L;
  static final long MAX_BYTES_PER_INPUT = 64L << 20;
  static final Duration TIME_LIMIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private interface Reader {
    void read(Path file, byte[] bytes) throws Exception;
  }

  @Test
  void readersFailCleanlyOnRandomAndMutatedInput() throws Exception {
    Model m = Model.builder(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).build(3);
    byte[] model = ModelFiles.toBytes(m);
    byte[] images = idx(0x803, new int[] {3, 2, 2}, new byte[] {0, 10, 20, 30, 40, 50, 60, 70, 80, (byte) 255, 1, 2});
    byte[] labels = idx(0x801, new int[] {3}, new byte[] {2, 0, 1});
    StringBuilder csv = new StringBuilder("a,b,label\n");
    for (int i = 0; i < 12; i++) {
      csv.append(i * 0.5).append(',').append(-i).append(',').append(i % 3).append('\n');
    }
    byte[] table = csv.toString().getBytes(StandardCharsets.UTF_8);
    Reader models = (f, b) -> {
      ModelFiles.fromBytes(b, "fuzz");
      ModelFiles.load(f);
    };
    byte[] onnx = OnnxFiles.toBytes(Model.builder(3).dense(4, Activation.RELU).residual(1, io.vectorgrad.training.layers
        .NormKind.LAYER).batchNorm().dense(2, Activation.SOFTMAX).build(3));
    byte[] torchOnnx = PyTorchFixturesTest.resource("blocks.onnx");
    Reader onnxModels = (f, b) -> {
      OnnxFiles.fromBytes(b, "fuzz");
      OnnxFiles.load(f);
    };
    Reader idxImages = (f, b) -> IdxReader.readImages(f);
    Reader idxLabels = (f, b) -> IdxReader.readLabels(f);
    Reader csvFiles = (f, b) -> {
      CsvReader.of(f).classification();
      CsvReader.of(f).regression();
    };
    assertTimeoutPreemptively(TIME_LIMIT, () -> {
      Random rnd = new Random(SEED);
      fuzz("model", model, models, rnd, 400);
      fuzz("onnx", onnx, onnxModels, rnd, 400);
      fuzz("onnx from torch.onnx.export", torchOnnx, onnxModels, rnd, 300);
      fuzz("idx images", images, idxImages, rnd, 200);
      fuzz("idx images (gzip)", gzip(images), idxImages, rnd, 100);
      fuzz("idx labels", labels, idxLabels, rnd, 150);
      fuzz("csv", table, csvFiles, rnd, 250);
    });
  }

  private void fuzz(String what, byte[] valid, Reader reader, Random rnd, int rounds) throws IOException {
    Path f = dir.resolve("input");
    for (int i = 0; i < rounds; i++) {
      byte[] input = i % 5 == 0 ? randomBytes(rnd) : mutate(valid, rnd);
      Files.write(f, input);
      long before = allocated();
      try {
        reader.read(f, input);
      } catch (ModelFileException | DataFileException | IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          fail(what + " round " + i + ": " + e.getClass().getSimpleName() + " without a message");
        }
      } catch (Throwable t) {
        throw new AssertionError(what + " round " + i + " (seed " + SEED + "): unexpected " + t + " for "
            + Arrays.toString(Arrays.copyOf(input, Math.min(64, input.length))), t);
      }
      long used = allocated() - before;
      if (used > MAX_BYTES_PER_INPUT) {
        fail(what + " round " + i + ": " + used + " bytes allocated for a " + input.length + "-byte input");
      }
    }
  }

  private static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(rnd.nextBoolean() ? 16 : 2048)];
    rnd.nextBytes(b);
    if (b.length >= 8 && rnd.nextBoolean()) {
      // a plausible small header length, so the parser gets past the first check
      ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, rnd.nextInt(b.length));
    }
    return b;
  }

  private static byte[] mutate(byte[] valid, Random rnd) {
    byte[] b = valid.clone();
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = rnd.nextInt(b.length);
      switch (rnd.nextInt(6)) {
        case 0: b[at] ^= (byte) (1 << rnd.nextInt(8)); break;
        case 1: b[at] = (byte) rnd.nextInt(256); break;
        case 2: b = Arrays.copyOf(b, at); break; // truncate
        case 3: { // insert
          byte[] ins = new byte[1 + rnd.nextInt(16)];
          rnd.nextBytes(ins);
          byte[] n = new byte[b.length + ins.length];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(ins, 0, n, at, ins.length);
          System.arraycopy(b, at, n, at + ins.length, b.length - at);
          b = n;
          break;
        }
        case 4: { // delete
          int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
          byte[] n = new byte[b.length - len];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(b, at + len, n, at, b.length - at - len);
          b = n;
          break;
        }
        default: // a digit of a number changed: shapes, offsets, counts, labels
          if (b[at] >= '0' && b[at] <= '9') {
            b[at] = (byte) ('0' + rnd.nextInt(10));
          } else if (b.length >= 8) {
            b[rnd.nextInt(8)] = (byte) rnd.nextInt(256); // a header length or count
          }
          break;
      }
    }
    return b;
  }

  private static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(raw);
    }
    return bos.toByteArray();
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
