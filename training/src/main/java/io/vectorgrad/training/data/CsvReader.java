package io.vectorgrad.training.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file: one sample per line, one column holding the target (by default the last), the
 * other columns the features. Blank lines are skipped; cells may be surrounded by spaces and by double quotes
 * without anything inside needing escaping ({@code "1.5"}); quotes around text with commas or quotes are
 * rejected rather than guessed at. Numbers are plain decimals ({@code -1}, {@code 2.5}, {@code 1e-3}); NaN,
 * infinities, hex and Java suffixes are rejected. Errors name the file, line and column.
 *
 * <pre>{@code
 * ArrayDataset iris = CsvReader.of(path).header(true).labelColumn(4).classification();
 * ArrayDataset houses = CsvReader.of(path).labelColumn("price").regression();
 * }</pre>
 */
public final class CsvReader {
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final Path file;
  private Boolean header; // null: auto (the first line is a header when none of its cells is a number)
  private int labelColumn = -1; // -1: last
  private String labelName;
  private char delimiter = ',';
  private int classCount; // 0: max label + 1

  private CsvReader(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  public static CsvReader of(Path file) {
    return new CsvReader(file);
  }

  /** Whether the first line holds column names; without this call it is detected (all cells non-numeric). */
  public CsvReader header(boolean present) {
    this.header = present;
    return this;
  }

  /** The 0-based column of the target; negative counts from the end ({@code -1}, the default, is the last). */
  public CsvReader labelColumn(int column) {
    this.labelColumn = column;
    this.labelName = null;
    return this;
  }

  /** The target column by its header name (implies a header). */
  public CsvReader labelColumn(String name) {
    this.labelName = Objects.requireNonNull(name, "name");
    this.header = true;
    return this;
  }

  public CsvReader delimiter(char c) {
    if (c == '"' || c == '\n' || c == '\r') {
      throw new IllegalArgumentException("delimiter '" + c + "' is not usable");
    }
    this.delimiter = c;
    return this;
  }

  /**
   * Most classes a file may imply without {@link #classCount}: a bigger label is far more likely a wrong
   * column than a real class.
   */
  public static final int MAX_INFERRED_CLASSES = 10_000;

  /**
   * The number of classes; without this call it is the largest label + 1, and the labels must then be
   * dense (every class from 0 to the largest label occurs) and at most {@link #MAX_INFERRED_CLASSES}.
   */
  public CsvReader classCount(int k) {
    if (k < 2) {
      throw new IllegalArgumentException("classCount=" + k + ": expected >= 2");
    }
    this.classCount = k;
    return this;
  }

  /** Reads the file with integer class labels (e.g. {@code 2} or {@code 2.0}) and one-hot targets. */
  public ArrayDataset classification() throws IOException {
    Table t = read();
    int n = t.rows.size();
    int[] y = new int[n];
    int max = -1;
    for (int i = 0; i < n; i++) {
      double v = t.targets[i];
      if (v != Math.rint(v) || v < 0 || v > 1_000_000) {
        throw new DataFileException(file + ":" + t.lineNumbers[i] + ": column " + (t.label + 1) + ": label "
            + t.rawTargets[i] + " is not a class number (expected a whole number >= 0)");
      }
      y[i] = (int) v;
      max = Math.max(max, y[i]);
    }
    if (classCount == 0) {
      checkInferredClasses(t, y, max);
    }
    int k = classCount > 0 ? classCount : Math.max(2, max + 1);
    for (int i = 0; i < n; i++) {
      if (y[i] >= k) {
        throw new DataFileException(file + ":" + t.lineNumbers[i] + ": column " + (t.label + 1) + ": label " + y[i]
            + " is not below the class count " + k);
      }
    }
    return ArrayDataset.classification(name(), t.features(), t.featureCount, y, k, true);
  }

  /** Without a class count, labels 0..max must all occur and max + 1 must be a plausible class count. */
  private void checkInferredClasses(Table t, int[] y, int max) throws DataFileException {
    int maxRow = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] == max) {
        maxRow = i;
        break;
      }
    }
    String where = file + ":" + t.lineNumbers[maxRow] + ": column " + (t.label + 1) + ": label " + max;
    if (max >= MAX_INFERRED_CLASSES) {
      throw new DataFileException(where + " would make " + (max + 1L) + " classes, more than the "
          + MAX_INFERRED_CLASSES + " a file may imply: is column " + (t.label + 1) + " really the class? (expected "
          + "class numbers 0..K-1; give the class count explicitly for more classes)");
    }
    boolean[] seen = new boolean[max + 1];
    int distinct = 0;
    for (int v : y) {
      if (!seen[v]) {
        seen[v] = true;
        distinct++;
      }
    }
    if (distinct != max + 1) {
      int missing = 0;
      while (seen[missing]) {
        missing++;
      }
      throw new DataFileException(where + " implies " + (max + 1) + " classes, but only " + distinct + " distinct "
          + "label(s) occur (class " + missing + " never does): expected class numbers 0..K-1 with every class present,"
          + " or give the class count explicitly");
    }
  }

  /** Reads the file with a single real-valued target. */
  public ArrayDataset regression() throws IOException {
    Table t = read();
    float[] targets = new float[t.rows.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = (float) t.targets[i];
    }
    return ArrayDataset.regression(name(), t.features(), t.featureCount, targets, 1);
  }

  private String name() {
    return file.getFileName().toString();
  }

  private static final class Table {
    final List<float[]> rows = new ArrayList<>();
    int[] lineNumbers;
    double[] targets;
    String[] rawTargets;
    int featureCount;
    int label;

    float[] features() {
      float[] x = new float[Math.multiplyExact(rows.size(), featureCount)];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(rows.get(i), 0, x, i * featureCount, featureCount);
      }
      return x;
    }
  }

  private Table read() throws IOException {
    Table t = new Table();
    List<Integer> lines = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    int columns = -1;
    if (!Files.isRegularFile(file)) {
      throw new DataFileException(file + (Files.isDirectory(file) ? " is a directory" : Files.exists(file)
          ? " is not a regular file" : ": no such file") + ": expected a CSV file");
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      boolean first = true;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // byte-order mark
        }
        if (line.isBlank()) {
          continue;
        }
        String[] cells = split(line, lineNo);
        if (first) {
          first = false;
          columns = cells.length;
          if (columns < 2) {
            throw new DataFileException(file + ":" + lineNo + ": only one column (expected features and a target"
                + " separated by '" + delimiter + "')");
          }
          boolean isHeader = header != null ? header : allNonNumeric(cells);
          if (isHeader) {
            t.label = resolveLabel(cells, columns, lineNo);
            continue;
          }
          if (labelName != null) {
            throw new DataFileException(file + ": no header line to find label column '" + labelName + "' in");
          }
          t.label = resolveLabel(null, columns, lineNo);
        }
        if (cells.length != columns) {
          throw new DataFileException(file + ":" + lineNo + ": " + cells.length + " columns, expected " + columns
              + " like the first line");
        }
        float[] row = new float[columns - 1];
        for (int c = 0, j = 0; c < columns; c++) {
          double v = number(cells[c], lineNo, c);
          if (c == t.label) {
            targets.add(v);
            raw.add(cells[c]);
          } else {
            row[j++] = (float) v;
          }
        }
        t.rows.add(row);
        lines.add(lineNo);
      }
    } catch (CharacterCodingException e) {
      throw new DataFileException(file + ":" + firstMalformedLine() + ": not valid UTF-8 text: expected a UTF-8 (or "
          + "ASCII) CSV file; convert it, e.g. with iconv -f latin1 -t utf-8", e);
    }
    if (t.rows.isEmpty()) {
      throw new DataFileException(file + ": no data rows" + (columns < 0 ? " (the file is empty)" : " after the header"));
    }
    t.featureCount = columns - 1;
    t.lineNumbers = lines.stream().mapToInt(Integer::intValue).toArray();
    t.targets = targets.stream().mapToDouble(Double::doubleValue).toArray();
    t.rawTargets = raw.toArray(new String[0]);
    return t;
  }

  /** The 1-based line of the first byte sequence that is not UTF-8 (the reader decodes ahead of its lines). */
  private long firstMalformedLine() throws IOException {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    long line = 1;
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    try (InputStream s = Files.newInputStream(file)) {
      boolean eof = false;
      while (true) {
        int r = eof ? -1 : s.read(in.array(), in.position(), in.remaining());
        if (r < 0) {
          eof = true;
        } else {
          in.position(in.position() + r);
        }
        in.flip();
        CoderResult cr = dec.decode(in, out, eof);
        out.flip();
        while (out.hasRemaining()) {
          if (out.get() == '\n') {
            line++;
          }
        }
        out.clear();
        if (cr.isError()) {
          return line;
        }
        in.compact();
        if (eof && !cr.isOverflow()) {
          return line; // not found again (the file changed): the best guess is where decoding ended
        }
      }
    }
  }

  private int resolveLabel(String[] names, int columns, int lineNo) throws IOException {
    if (labelName != null) {
      for (int c = 0; c < columns; c++) {
        if (names[c].equals(labelName)) {
          return c;
        }
      }
      throw new DataFileException(file + ":" + lineNo + ": no column named '" + labelName + "' in the header");
    }
    int c = labelColumn < 0 ? columns + labelColumn : labelColumn;
    if (c < 0 || c >= columns) {
      throw new DataFileException(file + ": label column " + labelColumn + " does not exist (the file has " + columns
          + " columns)");
    }
    return c;
  }

  private String[] split(String line, int lineNo) throws IOException {
    List<String> cells = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = line.indexOf(delimiter, start);
      String cell = (end < 0 ? line.substring(start) : line.substring(start, end)).strip();
      if (cell.indexOf('"') >= 0) {
        if (cell.length() >= 2 && cell.charAt(0) == '"' && cell.charAt(cell.length() - 1) == '"'
            && cell.indexOf('"', 1) == cell.length() - 1) {
          cell = cell.substring(1, cell.length() - 1).strip();
        } else {
          throw new DataFileException(file + ":" + lineNo + ": column " + (cells.size() + 1)
              + ": quoted text with embedded '" + delimiter + "' or quotes is not supported (numeric CSV only)");
        }
      }
      cells.add(cell);
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    return cells.toArray(new String[0]);
  }

  private double number(String cell, int lineNo, int column) throws IOException {
    if (cell.isEmpty()) {
      throw new DataFileException(file + ":" + lineNo + ": column " + (column + 1) + " is empty (expected a number)");
    }
    if (!NUMBER.matcher(cell).matches()) {
      throw new DataFileException(file + ":" + lineNo + ": column " + (column + 1) + ": '" + abbreviate(cell)
          + "' is not a number");
    }
    double v = Double.parseDouble(cell);
    if (Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
      throw new DataFileException(file + ":" + lineNo + ": column " + (column + 1) + ": " + cell
          + " is out of float range");
    }
    return v;
  }

  private static boolean allNonNumeric(String[] cells) {
    for (String c : cells) {
      if (NUMBER.matcher(c).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
