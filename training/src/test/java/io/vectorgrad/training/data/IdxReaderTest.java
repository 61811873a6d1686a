package io.vectorgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir
  Path dir;

  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian, as IDX is
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(raw);
    }
    return bos.toByteArray();
  }

  /** Three 2×2 images with pixels 0, 51, 102, ... capped at 255, and labels 2, 0, 1. */
  static byte[] images() {
    byte[] px = new byte[12];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.min(255, i * 51);
    }
    return idx(0x00000803, new int[] {3, 2, 2}, px);
  }

  static byte[] labels(byte... l) {
    return idx(0x00000801, new int[] {l.length}, l);
  }

  Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsPlainAndGzipIdentically() throws IOException {
    Path img = write("img", images());
    Path lab = write("lab", labels((byte) 2, (byte) 0, (byte) 1));
    // gzip detected by content: the names below say nothing about compression
    Path imgGz = write("img-compressed", gzip(images()));
    Path labGz = write("lab-compressed.bin", gzip(labels((byte) 2, (byte) 0, (byte) 1)));
    ArrayDataset plain = IdxReader.load(img, lab, 3);
    ArrayDataset packed = IdxReader.load(imgGz, labGz, 3);
    for (ArrayDataset ds : new ArrayDataset[] {plain, packed}) {
      assertEquals(3, ds.size());
      assertEquals(4, ds.featureCount());
      assertEquals(3, ds.classCount());
      float[] row = new float[4];
      ds.features(0, row, 0);
      assertArrayEquals(new float[] {0f, 51 / 255f, 102 / 255f, 153 / 255f}, row);
      ds.features(2, row, 0);
      assertEquals(1f, row[3]); // byte 255 → exactly 1
      float[] t = new float[3];
      ds.target(0, t, 0);
      assertArrayEquals(new float[] {0, 0, 1}, t);
      assertEquals(1, ds.label(2));
    }
  }

  @Test
  void wrongMagicNamesFoundAndExpected() throws IOException {
    Path lab = write("lab", labels((byte) 1));
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(lab));
    assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("0x00000803"), e.getMessage());
    Path junk = write("junk", "hello world, not idx".getBytes());
    e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(junk));
    assertTrue(e.getMessage().contains("not IDX"), e.getMessage());
  }

  @Test
  void unsupportedTypeCode() throws IOException {
    Path p = write("float-idx", idx(0x00000d01, new int[] {1}, new byte[4]));
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(p));
    assertTrue(e.getMessage().contains("type code 0x0d"), e.getMessage());
  }

  @Test
  void truncatedPlainAndGzip() throws IOException {
    byte[] full = images();
    byte[] cut = Arrays.copyOf(full, full.length - 5);
    Path plain = write("cut", cut);
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(plain));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("28"), e.getMessage());
    Path gz = write("cut.gz", gzip(cut));
    e = assertThrows(DataFileException.class, () -> IdxReader.readImages(gz));
    assertTrue(e.getMessage().contains("expected 12 bytes") && e.getMessage().contains("after 7"), e.getMessage());
    byte[] gzFull = gzip(full);
    Path gzCut = write("gzcut.gz", Arrays.copyOf(gzFull, gzFull.length - 10));
    assertThrows(DataFileException.class, () -> IdxReader.readImages(gzCut));
    Path headerOnly = write("header", Arrays.copyOf(full, 10));
    assertThrows(DataFileException.class, () -> IdxReader.readImages(headerOnly));
  }

  @Test
  void trailingGarbage() throws IOException {
    byte[] full = images();
    byte[] extra = Arrays.copyOf(full, full.length + 3);
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(write("x", extra)));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> IdxReader.readImages(write("x.gz", gzip(extra))));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
  }

  @Test
  void countMismatchAndLabelRange() throws IOException {
    Path img = write("img", images());
    Path two = write("two", labels((byte) 0, (byte) 1));
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.load(img, two, 3));
    assertTrue(e.getMessage().contains("2 labels") && e.getMessage().contains("3 images"), e.getMessage());
    Path big = write("big", labels((byte) 0, (byte) 7, (byte) 1));
    e = assertThrows(DataFileException.class, () -> IdxReader.load(img, big, 3));
    assertTrue(e.getMessage().contains("label 7 of sample 1"), e.getMessage());
  }

  @Test
  void absurdDimensionsFailWithoutHugeAllocation() throws IOException {
    // 2^31-1 images of 16384×16384 pixels: rejected from the header alone
    Path huge = write("huge", idx(0x00000803, new int[] {Integer.MAX_VALUE, 16384, 16384}, new byte[4]));
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readImages(huge));
    assertTrue(e.getMessage().contains("corrupted header"), e.getMessage());
    Path side = write("side", idx(0x00000803, new int[] {1, 0, 28}, new byte[0]));
    assertThrows(DataFileException.class, () -> IdxReader.readImages(side));
    Path negative = write("neg", idx(0x00000801, new int[] {-5}, new byte[0]));
    assertThrows(DataFileException.class, () -> IdxReader.readLabels(negative));
    // a plausible-looking but false count in a gzip stream (size unknown up front): fails on the missing data
    Path gz = write("lie.gz", gzip(idx(0x00000803, new int[] {2_000_000, 28, 28}, new byte[784])));
    e = assertThrows(DataFileException.class, () -> IdxReader.readImages(gz));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void emptyLabelFileIsValid() throws IOException {
    assertEquals(0, IdxReader.readLabels(write("empty", labels())).length);
  }

  @Test
  void aTruncatedGzipHeaderIsADataFileExceptionNamingTheFile() throws IOException {
    Path f = dir.resolve("short-labels.gz");
    Files.write(f, new byte[] {0x1f, (byte) 0x8b, 8});
    DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(f));
    assertTrue(e.getMessage().contains("short-labels.gz") && e.getMessage().contains("gzip"), e.getMessage());
  }
}
