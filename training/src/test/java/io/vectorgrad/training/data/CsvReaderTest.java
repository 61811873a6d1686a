package io.vectorgrad.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir
  Path dir;

  Path csv(String text) throws IOException {
    Path p = dir.resolve("data.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void classificationWithDetectedHeader() throws IOException {
    ArrayDataset ds = CsvReader.of(csv("a,b,class\n1,2,0\n 3.5 , \"-4e1\" ,2\n\n0.5,.25,1\n")).classification();
    assertEquals(3, ds.size());
    assertEquals(2, ds.featureCount());
    assertEquals(3, ds.classCount());
    float[] x = new float[2];
    ds.features(1, x, 0);
    assertArrayEquals(new float[] {3.5f, -40f}, x);
    assertEquals(2, ds.label(1));
    assertEquals(1, ds.label(2));
  }

  @Test
  void labelColumnByIndexAndName() throws IOException {
    Path p = csv("y,x1,x2\n1,10,20\n0,30,40\n");
    ArrayDataset byIndex = CsvReader.of(p).header(true).labelColumn(0).classification();
    ArrayDataset byName = CsvReader.of(p).labelColumn("y").classification();
    for (ArrayDataset ds : new ArrayDataset[] {byIndex, byName}) {
      float[] x = new float[2];
      ds.features(0, x, 0);
      assertArrayEquals(new float[] {10, 20}, x);
      assertEquals(1, ds.label(0));
      assertEquals(2, ds.classCount());
    }
  }

  @Test
  void regressionWithoutHeader() throws IOException {
    ArrayDataset ds = CsvReader.of(csv("1,2,0.25\n3,4,-1.5\n")).regression();
    assertEquals(0, ds.classCount());
    float[] t = new float[1];
    ds.target(1, t, 0);
    assertEquals(-1.5f, t[0]);
  }

  @Test
  void errorsNameLineAndColumn() throws IOException {
    DataFileException e = assertThrows(DataFileException.class,
        () -> CsvReader.of(csv("1,2,0\n1,abc,1\n")).classification());
    assertTrue(e.getMessage().contains(":2: column 2: 'abc' is not a number"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("1,2,0\n1,2\n")).classification());
    assertTrue(e.getMessage().contains(":2: 2 columns, expected 3"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("")).classification());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("a,b\n")).classification());
    assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("1,,0\n")).classification());
    assertTrue(e.getMessage().contains(":1: column 2 is empty"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("1,\"2,5\",0\n")).classification());
    assertTrue(e.getMessage().contains("quoted"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("1,NaN,0\n")).classification());
    assertTrue(e.getMessage().contains("'NaN' is not a number"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("1,2,0.5\n")).classification());
    assertTrue(e.getMessage().contains("label 0.5 is not a class number"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("1,2,5\n")).classCount(3).classification());
    assertTrue(e.getMessage().contains("label 5 is not below the class count 3"), e.getMessage());
    e = assertThrows(DataFileException.class, () -> CsvReader.of(csv("x,y\n1,2\n")).labelColumn("z").classification());
    assertTrue(e.getMessage().contains("no column named 'z'"), e.getMessage());
  }
}
