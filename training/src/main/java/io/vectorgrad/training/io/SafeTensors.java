package io.vectorgrad.training.io;

import io.vectorgrad.training.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian unsigned header length {@code N}, {@code N}
 * bytes of UTF-8 JSON (an object, possibly padded with trailing spaces) mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional {@code "__metadata__"} object of
 * string values, then the data section, tensors stored row-major and little-endian at their offsets (relative
 * to the start of the data section). {@code F32} tensors are read as they are; {@code F16} and {@code BF16}
 * (exactly, {@link HalfFloats}), {@code F64} (rounded to nearest) and {@code I64} (PyTorch's
 * {@code num_batches_tracked} counters) are converted to float on reading; writing is F32 only.
 *
 * <p>Reading checks everything before trusting it, as the reference implementation does: the header length
 * against the file size and a 100 MB cap, strict JSON without duplicate keys, dtypes, shapes, and offsets,
 * which must match {@code shape × element size} bytes and cover the data section exactly (no overlaps, no holes, no
 * trailing bytes). {@link #read} reads regular files only, checks the header length against the real file size
 * before reading the header, bounds the tensor and value count of the header before parsing it, and
 * allocates a tensor only once its offsets are checked against the file. Writing pads the header with spaces
 * to a multiple of 8 bytes and is atomic ({@link AtomicFiles}).
 */
public final class SafeTensors {
  /** Same cap as the reference implementation: a bigger header is not a real file. */
  public static final long MAX_HEADER_BYTES = 100L << 20;
  /** This reader holds a file in one array. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
  /** Most tensors a header may declare (a vectorgrad model has two per layer). */
  public static final int MAX_TENSORS = 1 << 16;
  /** Most JSON values (counted by their separators) a header may hold. */
  public static final int MAX_HEADER_VALUES = 1 << 20;
  private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16",
      "I32", "U32", "U64");
  /** The dtypes read (converted to float), with their element sizes in bytes. */
  private static final Map<String, Integer> READ_DTYPES = Map.of("F32", 4, "F16", 2, "BF16", 2, "F64", 8, "I64", 8);

  private SafeTensors() {}

  /** One tensor as floats: a name, a shape, its elements row-major, and the dtype it was stored in. */
  public static final class Tensor {
    private final String name;
    private final int[] shape;
    private final float[] data;
    private final String dtype;

    /** Checks that {@code data.length} is the product of {@code shape}; the arrays are used as given. */
    public Tensor(String name, int[] shape, float[] data) {
      this(name, shape, data, "F32");
    }

    /** As {@link #Tensor(String, int[], float[])}, read from a file where it was stored as {@code dtype}. */
    public Tensor(String name, int[] shape, float[] data, String dtype) {
      this.dtype = Objects.requireNonNull(dtype, "dtype");
      this.name = Objects.requireNonNull(name, "name");
      this.shape = Objects.requireNonNull(shape, "shape");
      this.data = Objects.requireNonNull(data, "data");
      long n = 1;
      for (int d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
        }
        n *= d;
        if (n > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " is too large");
        }
      }
      if (n != data.length) {
        throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
            + " elements, data has " + data.length);
      }
    }

    public String name() {
      return name;
    }

    public int[] shape() {
      return shape.clone();
    }

    /** The live element array. */
    public float[] data() {
      return data;
    }

    /** The safetensors dtype the file stored ({@code F32} for tensors made in memory). */
    public String dtype() {
      return dtype;
    }
  }

  /** What a file holds: tensors in data-section order, and the metadata strings. */
  public static final class Contents {
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
      this.tensors = Collections.unmodifiableMap(tensors);
      this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Tensors by name, in the order of their data. */
    public Map<String, Tensor> tensors() {
      return tensors;
    }

    /** The {@code __metadata__} entries (empty when absent). */
    public Map<String, String> metadata() {
      return metadata;
    }

    /** The tensor called {@code name}, or null. */
    public Tensor get(String name) {
      return tensors.get(name);
    }
  }

  /** Reads and validates a whole file. */
  public static Contents read(Path file) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ModelFileException(file + ": no such file", e);
    }
    if (attrs.isDirectory()) {
      throw new ModelFileException(file + " is a directory, not a model file");
    }
    if (!attrs.isRegularFile()) {
      // devices such as /dev/zero never end, and opening a FIFO blocks until someone writes to it
      throw new ModelFileException(file + " is not a regular file (a device, FIFO or socket): expected a "
          + "safetensors file");
    }
    String source = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > MAX_FILE_BYTES) {
        throw new ModelFileException(file + ": " + size + " bytes is more than this reader handles (2 GiB)");
      }
      if (size < 8) {
        throw tooShort(source, size);
      }
      long n = readFully(ch, 0, 8, source).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      checkHeaderLength(source, n, size);
      ByteBuffer headerBytes = readFully(ch, 8, (int) n, source);
      long dataLength = size - 8 - n;
      Header h = header(headerBytes.array(), 0, (int) n, dataLength, source);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry x : h.sorted) {
        // x.end <= dataLength was checked against the real size: this allocation is backed by the file
        ByteBuffer b = readFully(ch, 8 + n + x.begin, (int) (x.end - x.begin), source);
        tensors.put(x.name, new Tensor(x.name, x.shape, decode(b, x), x.dtype));
      }
      if (ch.size() != size) {
        throw new ModelFileException(file + ": the file changed size while it was read (" + size + " -> "
            + ch.size() + " bytes)");
      }
      return new Contents(tensors, h.metadata);
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length, String source) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int r = ch.read(b, position + b.position());
      if (r < 0) {
        throw new ModelFileException(source + ": truncated while reading: expected " + length + " bytes at offset "
            + position + ", the file ends after " + (position + b.position()));
      }
    }
    return b.flip();
  }

  private static ModelFileException tooShort(String source, long size) {
    return new ModelFileException(source + ": " + size + " bytes is too short for a safetensors file (the 8-byte "
        + "header length is missing)");
  }

  private static void checkHeaderLength(String source, long n, long size) throws ModelFileException {
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw new ModelFileException(source + ": header length " + Long.toUnsignedString(n) + " is over the "
          + MAX_HEADER_BYTES + "-byte limit: not a safetensors file, or corrupted");
    }
    if (n > size - 8L) {
      throw new ModelFileException(source + ": truncated: the header length says " + n + " bytes of JSON, but the file"
          + " has only " + (size - 8L) + " bytes after the length");
    }
    if (n < 2) {
      throw new ModelFileException(source + ": header of " + n + " bytes cannot hold a JSON object");
    }
  }

  /** Parses and validates the bytes of a safetensors file; {@code source} names it in error messages. */
  public static Contents parse(byte[] bytes, String source) throws ModelFileException {
    if (bytes.length < 8) {
      throw tooShort(source, bytes.length);
    }
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    checkHeaderLength(source, n, bytes.length);
    int dataStart = 8 + (int) n;
    Header h = header(bytes, 8, (int) n, bytes.length - (long) dataStart, source);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry x : h.sorted) {
      ByteBuffer b = ByteBuffer.wrap(bytes, dataStart + (int) x.begin, (int) (x.end - x.begin)).slice();
      tensors.put(x.name, new Tensor(x.name, x.shape, decode(b, x), x.dtype));
    }
    return new Contents(tensors, h.metadata);
  }

  /** The elements of {@code x} from its bytes {@code b} (exactly its size, checked), as floats. */
  private static float[] decode(ByteBuffer b, Entry x) {
    b.order(ByteOrder.LITTLE_ENDIAN);
    int count = (int) ((x.end - x.begin) / x.elementBytes);
    float[] data = new float[count];
    switch (x.dtype) {
      case "F32":
        b.asFloatBuffer().get(data);
        break;
      case "F16":
        for (int i = 0; i < count; i++) {
          data[i] = HalfFloats.f16ToFloat(b.getShort(2 * i));
        }
        break;
      case "BF16":
        for (int i = 0; i < count; i++) {
          data[i] = HalfFloats.bf16ToFloat(b.getShort(2 * i));
        }
        break;
      case "F64":
        for (int i = 0; i < count; i++) {
          data[i] = (float) b.getDouble(8 * i);
        }
        break;
      case "I64":
        for (int i = 0; i < count; i++) {
          data[i] = (float) b.getLong(8 * i);
        }
        break;
      default:
        throw new AssertionError(x.dtype);
    }
    return data;
  }

  private static final class Header {
    final List<Entry> sorted;
    final Map<String, String> metadata;

    Header(List<Entry> sorted, Map<String, String> metadata) {
      this.sorted = sorted;
      this.metadata = metadata;
    }
  }

  /**
   * Bounds the work a header can cause before parsing it: every tensor needs a JSON object and every JSON
   * value a separator, so counting braces and separators (inside strings too, which only over-counts) caps
   * the objects the parser would build. Done on the raw bytes, this costs one pass and no allocation.
   */
  private static void checkHeaderCounts(byte[] bytes, int off, int n, String source) throws ModelFileException {
    long braces = 0;
    long separators = 0;
    for (int i = off, end = off + n; i < end; i++) {
      byte b = bytes[i];
      if (b == '{') {
        braces++;
      } else if (b == ',' || b == ':') {
        separators++;
      }
    }
    if (braces > MAX_TENSORS + 3L) {
      throw new ModelFileException(source + ": the header holds " + braces + " JSON objects, more than the "
          + MAX_TENSORS + " tensors this reader accepts: corrupted or not a model file");
    }
    if (separators > MAX_HEADER_VALUES) {
      throw new ModelFileException(source + ": the header holds " + separators + " JSON values, more than the "
          + MAX_HEADER_VALUES + " this reader accepts: corrupted or not a model file");
    }
  }

  private static Header header(byte[] bytes, int off, int n, long dataLength, String source)
      throws ModelFileException {
    checkHeaderCounts(bytes, off, n, source);
    String header;
    try {
      header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, off, n)).toString();
    } catch (CharacterCodingException e) {
      throw new ModelFileException(source + ": the header is not valid UTF-8", e);
    }
    if (header.charAt(0) != '{') {
      throw new ModelFileException(source + ": the header does not start with '{': not a safetensors file, or "
          + "corrupted");
    }
    Object root;
    try {
      root = Json.parse(header);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(source + ": header: " + e.getMessage(), e);
    }
    if (!(root instanceof Map)) {
      throw new ModelFileException(source + ": the header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
      String name = (String) e.getKey();
      if (name.equals("__metadata__")) {
        if (!(e.getValue() instanceof Map)) {
          throw new ModelFileException(source + ": __metadata__ is not an object of strings");
        }
        for (Map.Entry<?, ?> m : ((Map<?, ?>) e.getValue()).entrySet()) {
          if (!(m.getValue() instanceof String)) {
            throw new ModelFileException(source + ": __metadata__ value of " + Json.quote((String) m.getKey())
                + " is not a string (the format allows only string values)");
          }
          metadata.put((String) m.getKey(), (String) m.getValue());
        }
        continue;
      }
      entries.add(entry(source, name, e.getValue(), dataLength));
    }
    // Offsets must tile the data section: sorted by begin, each starts where the previous ended.
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong((Entry x) -> x.begin).thenComparingLong(x -> x.end));
    long expect = 0;
    String previous = null;
    for (Entry x : sorted) {
      if (x.begin < expect) {
        throw new ModelFileException(source + ": tensor " + Json.quote(x.name) + " (bytes " + x.begin + ".." + x.end
            + ") overlaps " + Json.quote(previous) + " (which ends at " + expect + ")");
      }
      if (x.begin > expect) {
        throw new ModelFileException(source + ": hole in the data section: bytes " + expect + ".." + x.begin
            + " belong to no tensor (before " + Json.quote(x.name) + ")");
      }
      expect = x.end;
      previous = x.name;
    }
    if (expect != dataLength) {
      throw new ModelFileException(source + ": " + (dataLength - expect) + " trailing byte(s) after the last tensor ("
          + "the tensors cover " + expect + " of " + dataLength + " data bytes): corrupted or not a safetensors file");
    }
    return new Header(sorted, metadata);
  }

  private static final class Entry {
    String name;
    String dtype;
    int elementBytes;
    int[] shape;
    long begin;
    long end;
  }

  private static Entry entry(String source, String name, Object value, long dataLength) throws ModelFileException {
    String where = source + ": tensor " + Json.quote(name);
    if (!(value instanceof Map)) {
      throw new ModelFileException(where + ": expected an object with dtype, shape and data_offsets");
    }
    Map<?, ?> m = (Map<?, ?>) value;
    Object dtype = m.get("dtype");
    if (!(dtype instanceof String)) {
      throw new ModelFileException(where + ": missing or non-string \"dtype\"");
    }
    Integer size = READ_DTYPES.get(dtype);
    if (size == null) {
      throw new ModelFileException(where + ": dtype " + dtype + (OTHER_DTYPES.contains(dtype)
          ? " is not supported (vectorgrad reads F32, F16, BF16, F64 and I64; convert the tensor to float32)"
          : " is not a safetensors dtype (expected F32, F16, BF16 or F64)"));
    }
    Entry x = new Entry();
    x.name = name;
    x.dtype = (String) dtype;
    x.elementBytes = size;
    Object shape = m.get("shape");
    if (!(shape instanceof List)) {
      throw new ModelFileException(where + ": missing or non-array \"shape\"");
    }
    List<?> dims = (List<?>) shape;
    x.shape = new int[dims.size()];
    long count = 1;
    for (int i = 0; i < dims.size(); i++) {
      long d = nonNegative(where + ": shape[" + i + "]", dims.get(i), Integer.MAX_VALUE);
      x.shape[i] = (int) d;
      count *= d; // both factors are at most 2^31 - 1: no long overflow
      if (count > Integer.MAX_VALUE) {
        throw new ModelFileException(where + ": shape " + dims + " is too large");
      }
    }
    Object offsets = m.get("data_offsets");
    if (!(offsets instanceof List) || ((List<?>) offsets).size() != 2) {
      throw new ModelFileException(where + ": missing \"data_offsets\" (expected [begin, end])");
    }
    List<?> o = (List<?>) offsets;
    x.begin = nonNegative(where + ": data_offsets[0]", o.get(0), Long.MAX_VALUE);
    x.end = nonNegative(where + ": data_offsets[1]", o.get(1), Long.MAX_VALUE);
    if (x.end < x.begin) {
      throw new ModelFileException(where + ": data_offsets [" + x.begin + ", " + x.end + "] end before they begin");
    }
    if (x.end > dataLength) {
      throw new ModelFileException(where + ": data_offsets [" + x.begin + ", " + x.end + "] reach past the data section"
          + " (" + dataLength + " bytes): the file is truncated or corrupted");
    }
    if (x.end - x.begin != count * size) {
      throw new ModelFileException(where + ": shape " + Arrays.toString(x.shape) + " needs " + count * size
          + " bytes of " + dtype + ", data_offsets [" + x.begin + ", " + x.end + "] give " + (x.end - x.begin));
    }
    return x;
  }

  private static long nonNegative(String what, Object v, long max) throws ModelFileException {
    if (!(v instanceof BigInteger)) {
      throw new ModelFileException(what + " is " + v + ", expected a whole number");
    }
    BigInteger b = (BigInteger) v;
    if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new ModelFileException(what + " is " + b + ", expected 0 to " + max);
    }
    return b.longValue();
  }

  /** The bytes of a file holding {@code tensors} (in this order) and {@code metadata} (may be empty). */
  public static byte[] toBytes(List<Tensor> tensors, Map<String, String> metadata) {
    Set<String> names = new HashSet<>();
    StringBuilder h = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      h.append("\"__metadata__\":{");
      int i = 0;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        h.append(i++ > 0 ? "," : "").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
      }
      h.append('}');
    }
    long offset = 0;
    for (Tensor t : tensors) {
      if (t.name.equals("__metadata__") || !names.add(t.name)) {
        throw new IllegalArgumentException("tensor name " + Json.quote(t.name) + " is reserved or used twice");
      }
      long end = offset + 4L * t.data.length;
      h.append(h.length() > 1 ? "," : "").append(Json.quote(t.name)).append(":{\"dtype\":\"F32\",\"shape\":[");
      for (int i = 0; i < t.shape.length; i++) {
        h.append(i > 0 ? "," : "").append(t.shape[i]);
      }
      h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    h.append('}');
    byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) & ~7; // 8 + padded is a multiple of 8, so F32 data is aligned
    long total = 8L + padded + offset;
    if (total > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("tensors of " + offset + " bytes are more than this writer handles (2 GiB)");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (Tensor t : tensors) {
      out.asFloatBuffer().put(t.data);
      out.position(out.position() + 4 * t.data.length);
    }
    return out.array();
  }

  /** Writes {@code tensors} and {@code metadata} to {@code file} atomically (temp file, fsync, rename). */
  public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
    writeAtomically(file, toBytes(tensors, metadata));
  }

  /** Replaces {@code file} by {@code bytes} so that readers see the old file or the complete new one. */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    AtomicFiles.write(file, bytes);
  }
}
