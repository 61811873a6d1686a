package io.vectorgrad.training.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-format IDX files (plain or gzip-compressed, recognised by the gzip magic bytes {@code 1f 8b},
 * not by the file name). Only unsigned-byte data (type code {@code 0x08}) is supported: images
 * ({@code 00 00 08 03}, {@code n × rows × cols}) become floats in [0, 1], labels ({@code 00 00 08 01}) ints.
 *
 * <p>Every header field is checked before it is trusted: a corrupted header cannot make the reader allocate
 * more than the data actually present, because pixel data is read in bounded chunks and only then converted.
 */
public final class IdxReader {
  /** Type code of unsigned bytes, the only element type MNIST-style files use. */
  static final int UNSIGNED_BYTE = 0x08;
  /** Largest accepted image side: far above any real IDX image, far below an allocation problem. */
  static final int MAX_SIDE = 1 << 14;
  private static final int CHUNK = 1 << 20;

  private IdxReader() {}

  /** Images read from an IDX3 file: {@code count} images of {@code rows × cols} floats, row-major. */
  public static final class Images {
    private final int count;
    private final int rows;
    private final int cols;
    private final float[] pixels;

    Images(int count, int rows, int cols, float[] pixels) {
      this.count = count;
      this.rows = rows;
      this.cols = cols;
      this.pixels = pixels;
    }

    public int count() {
      return count;
    }

    public int rows() {
      return rows;
    }

    public int cols() {
      return cols;
    }

    /** The pixels, {@code count × rows × cols}, scaled from 0..255 to [0, 1]; the live array. */
    public float[] pixels() {
      return pixels;
    }
  }

  /** Reads an image file ({@code 00 00 08 03}). */
  public static Images readImages(Path file) throws IOException {
    try (InputStream in = open(file)) {
      int[] dims = header(in, file, 3);
      int n = dims[0];
      int rows = dims[1];
      int cols = dims[2];
      if (rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
        throw new DataFileException(file + ": image size " + rows + "×" + cols + " is not plausible (expected 1 to "
            + MAX_SIDE + " per side): corrupted header?");
      }
      long total = (long) n * rows * cols;
      if (total > Integer.MAX_VALUE - 8) {
        throw new DataFileException(file + ": " + n + " images of " + rows + "×" + cols + " = " + total
            + " pixels exceed what one array can hold: corrupted header?");
      }
      checkPlainSize(file, 16 + total);
      byte[] raw = readExactly(in, (int) total, file, "pixel data");
      expectEnd(in, file, 16 + total);
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xff) / 255f;
      }
      return new Images(n, rows, cols, pixels);
    }
  }

  /** Reads a label file ({@code 00 00 08 01}); each label is an unsigned byte. */
  public static int[] readLabels(Path file) throws IOException {
    try (InputStream in = open(file)) {
      int n = header(in, file, 1)[0];
      checkPlainSize(file, 8L + n);
      byte[] raw = readExactly(in, n, file, "label data");
      expectEnd(in, file, 8L + n);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  /**
   * Loads an image file and its label file as a classification data set with one-hot targets over
   * {@code classCount} classes and {@code rows × cols} features per sample.
   */
  public static ArrayDataset load(Path images, Path labels, int classCount) throws IOException {
    return load(images, labels, classCount, stripExtensions(images.getFileName().toString()));
  }

  /** As {@link #load(Path, Path, int)}, naming the data set. */
  public static ArrayDataset load(Path images, Path labels, int classCount, String name) throws IOException {
    if (classCount < 2 || classCount > 256) {
      throw new IllegalArgumentException("classCount=" + classCount + ": expected 2 to 256 for byte labels");
    }
    Images img = readImages(images);
    int[] lab = readLabels(labels);
    if (lab.length != img.count()) {
      throw new DataFileException(labels + " has " + lab.length + " labels but " + images + " has " + img.count()
          + " images: the files do not belong together");
    }
    for (int i = 0; i < lab.length; i++) {
      if (lab[i] >= classCount) {
        throw new DataFileException(labels + ": label " + lab[i] + " of sample " + i + " is not below the class count "
            + classCount);
      }
    }
    return ArrayDataset.classification(name, img.pixels(), img.rows() * img.cols(), lab, classCount, true);
  }

  /** Opens a file, transparently decompressing it when it starts with the gzip magic bytes. */
  static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFileException(file + (Files.isDirectory(file) ? " is a directory" : Files.exists(file)
          ? " is not a regular file (a device, FIFO or socket)" : ": no such file") + ": expected an IDX file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      } catch (IOException e) { // ZipException, or EOFException for a truncated gzip header
        in.close();
        throw new DataFileException(file + ": starts like gzip but is not valid gzip (" + e + ")", e);
      }
    }
    return in;
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** Reads and checks the magic number, returns the {@code expectedDims} dimensions. */
  private static int[] header(InputStream in, Path file, int expectedDims) throws IOException {
    byte[] magic = readExactly(in, 4, file, "magic number");
    int found = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
    int expected = (UNSIGNED_BYTE << 8) | expectedDims;
    String what = expectedDims == 3 ? "an image file" : "a label file";
    if (magic[0] != 0 || magic[1] != 0) {
      throw new DataFileException(file + ": magic number " + hex(found) + " is not IDX (expected " + hex(expected)
          + " for " + what + ")");
    }
    int type = magic[2] & 0xff;
    int dims = magic[3] & 0xff;
    if (type != UNSIGNED_BYTE) {
      throw new DataFileException(file + ": IDX element type code 0x" + String.format(Locale.ROOT, "%02x", type)
          + " is not supported (only 0x08, unsigned byte; magic " + hex(found) + ", expected " + hex(expected) + ")");
    }
    if (dims != expectedDims) {
      throw new DataFileException(file + ": magic number " + hex(found) + " declares " + dims
          + " dimension(s); expected " + hex(expected) + " for " + what);
    }
    byte[] d = readExactly(in, 4 * dims, file, "dimension sizes");
    int[] out = new int[dims];
    for (int i = 0; i < dims; i++) {
      long v = ((d[4 * i] & 0xffL) << 24) | ((d[4 * i + 1] & 0xff) << 16) | ((d[4 * i + 2] & 0xff) << 8)
          | (d[4 * i + 3] & 0xff);
      if (v > Integer.MAX_VALUE) {
        throw new DataFileException(file + ": dimension " + i + " is " + v + ": corrupted header?");
      }
      out[i] = (int) v;
    }
    return out;
  }

  /** For an uncompressed file the size is known up front: report a mismatch before reading anything. */
  private static void checkPlainSize(Path file, long expected) throws IOException {
    if (isGzip(file)) {
      return;
    }
    long size = Files.size(file);
    if (size < expected) {
      throw new DataFileException(file + ": truncated: the header promises " + expected + " bytes, the file ends after "
          + size);
    }
    if (size > expected) {
      throw new DataFileException(file + ": " + (size - expected) + " unexpected trailing byte(s) after the "
          + expected + " bytes the header describes");
    }
  }

  /**
   * Reads exactly {@code n} bytes, growing the buffer only as data arrives, so a header claiming a huge count
   * costs nothing unless the data is really there.
   */
  private static byte[] readExactly(InputStream in, int n, Path file, String what) throws IOException {
    byte[] buf = new byte[Math.min(n, CHUNK)];
    int got = 0;
    while (got < n) {
      if (got == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(n, Math.max(CHUNK, 2L * buf.length)));
      }
      int r;
      try {
        r = in.read(buf, got, buf.length - got);
      } catch (EOFException | ZipException e) {
        throw new DataFileException(file + ": compressed data is truncated or corrupt while reading " + what + " ("
            + e.getMessage() + ")", e);
      }
      if (r < 0) {
        throw new DataFileException(file + ": truncated " + what + ": expected " + n + " bytes, the data ends after "
            + got);
      }
      got += r;
    }
    return buf;
  }

  private static void expectEnd(InputStream in, Path file, long expected) throws IOException {
    int extra;
    try {
      extra = in.read();
    } catch (EOFException | ZipException e) {
      throw new DataFileException(file + ": compressed data is truncated or corrupt (" + e.getMessage() + ")", e);
    }
    if (extra >= 0) {
      throw new DataFileException(file + ": unexpected trailing data after the " + expected
          + " bytes the header describes");
    }
  }

  private static String hex(int v) {
    return String.format(Locale.ROOT, "0x%08x", v);
  }

  static String stripExtensions(String name) {
    String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    return n;
  }
}
