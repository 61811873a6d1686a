package io.vectorgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages of the data readers for text that is not UTF-8, implausible labels and files that are not files. */
class DataMessagesTest {
  @TempDir
  Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void nonUtf8CsvNamesTheFileAndLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) { // far more than the reader decodes ahead
      sb.append(i).append(",1,0\n");
    }
    byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] bad = "7,\u00ff,1\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + bad.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Path p = write("latin1.csv", all);
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.of(p).classification());
    assertTrue(e.getMessage().startsWith(p + ":5001: not valid UTF-8 text"), e.getMessage());
  }

  @Test
  void inferredClassesMustBeDenseAndPlausible() throws IOException {
    Path big = write("big.csv", "1,0\n2,1\n3,1000000\n".getBytes(StandardCharsets.US_ASCII));
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.of(big).classification());
    assertTrue(e.getMessage().startsWith(big + ":3: column 2: label 1000000 would make 1000001 classes, more than the"
        + " 10000 a file may imply"), e.getMessage());
    Path gap = write("gap.csv", "1,0\n2,2\n3,2\n".getBytes(StandardCharsets.US_ASCII));
    e = assertThrows(DataFileException.class, () -> CsvReader.of(gap).classification());
    assertTrue(e.getMessage().contains("label 2 implies 3 classes, but only 2 distinct label(s) occur (class 1 never"
        + " does)"), e.getMessage());
    assertEquals(3, CsvReader.of(gap).classCount(3).classification().classCount(), "an explicit count is trusted");
    assertEquals(2, CsvReader.of(write("one.csv", "1,0\n2,0\n".getBytes(StandardCharsets.US_ASCII)))
        .classification().classCount(), "labels 0 only: two classes, as before");
  }

  @Test
  void readersNameFilesThatAreNotRegularFiles() {
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.of(dir).classification());
    assertEquals(dir + " is a directory: expected a CSV file", e.getMessage());
    e = assertThrows(DataFileException.class, () -> IdxReader.readImages(Path.of("/dev/zero")));
    assertTrue(e.getMessage().startsWith("/dev/zero is not a regular file"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> IdxReader.readLabels(dir.resolve("none")));
    assertEquals(dir.resolve("none") + ": no such file: expected an IDX file", e.getMessage());
  }
}
