package io.vectorgrad.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir
  Path dir;

  /** A file built byte by byte: header JSON as given, then the floats little-endian. */
  static byte[] file(String header, float... data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    for (float f : data) {
      b.putFloat(f);
    }
    return b.array();
  }

  static ModelFileException fails(byte[] bytes) {
    return assertThrows(ModelFileException.class, () -> SafeTensors.parse(bytes, "f"));
  }

  @Test
  void writeThenReadRoundTrip() throws IOException {
    SafeTensors.Tensor a = new SafeTensors.Tensor("a", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -0f});
    SafeTensors.Tensor b = new SafeTensors.Tensor("b.bias", new int[] {1}, new float[] {Float.MIN_VALUE});
    SafeTensors.Tensor empty = new SafeTensors.Tensor("e", new int[] {0, 4}, new float[0]);
    SafeTensors.Tensor scalar = new SafeTensors.Tensor("s", new int[] {}, new float[] {7});
    Map<String, String> meta = Map.of("k", "v \"quoted\"\n");
    Path p = dir.resolve("t.safetensors");
    SafeTensors.write(p, List.of(a, b, empty, scalar), meta);
    byte[] bytes = Files.readAllBytes(p);
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    assertEquals(0, (8 + n) % 8, "header padded to 8 bytes");
    assertEquals(' ', (char) bytes[(int) (8 + n - 1)]);
    SafeTensors.Contents c = SafeTensors.read(p);
    assertEquals(meta, c.metadata());
    assertArrayEquals(a.data(), c.get("a").data());
    assertArrayEquals(new int[] {2, 3}, c.get("a").shape());
    assertEquals(Float.MIN_VALUE, c.get("b.bias").data()[0]);
    assertArrayEquals(new int[] {0, 4}, c.get("e").shape());
    assertArrayEquals(new int[] {}, c.get("s").shape());
    assertEquals(7f, c.get("s").data()[0]);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void readsHandWrittenFileWithAnyKeyOrderAndWhitespace() throws IOException {
    String header = "{ \"w\" : {\"data_offsets\":[8,16], \"shape\":[2], \"dtype\":\"F32\"},\n"
        + "\"__metadata__\": {\"format\":\"pt\"}, \"v\":{\"shape\":[1,2],\"dtype\":\"F32\",\"data_offsets\":[0,8]}}   ";
    SafeTensors.Contents c = SafeTensors.parse(file(header, 1, 2, 3, 4), "hand");
    assertArrayEquals(new float[] {1, 2}, c.get("v").data());
    assertArrayEquals(new float[] {3, 4}, c.get("w").data());
    assertEquals("pt", c.metadata().get("format"));
    assertEquals(List.of("v", "w"), List.copyOf(c.tensors().keySet()));
  }

  @Test
  void rejectsCorruptedFiles() {
    assertTrue(fails(new byte[5]).getMessage().contains("too short"));
    byte[] ok = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 1, 2);
    SafeTensors.Contents fine = assertDoesNotThrow(ok);
    assertEquals(2, fine.get("a").data().length);
    assertTrue(fails(Arrays.copyOf(ok, ok.length - 1)).getMessage().contains("trailing")
        || fails(Arrays.copyOf(ok, ok.length - 1)).getMessage().contains("past the data section"));
    assertTrue(fails(Arrays.copyOf(ok, 30)).getMessage().contains("truncated"));
    assertTrue(fails(Arrays.copyOf(ok, ok.length + 4)).getMessage().contains("trailing"));
    byte[] hugeHeader = ok.clone();
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    assertTrue(fails(hugeHeader).getMessage().contains("limit"));
    ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
    assertTrue(fails(hugeHeader).getMessage().contains("18446744073709551615"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1))
        .getMessage().contains("dtype I32 is not supported"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,4]}}", 1))
        .getMessage().contains("needs 6 bytes of F16"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 1))
        .getMessage().contains("not a safetensors dtype"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 1, 2))
        .getMessage().contains("needs 12 bytes"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 1, 2)).getMessage().contains("overlaps"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 1, 2))
        .getMessage().contains("hole"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 1))
        .getMessage().contains("end before"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 1))
        .getMessage().contains("shape[0]"));
    assertTrue(fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 1)).getMessage().contains("data_offsets"));
    assertTrue(fails(file("{\"a\":1, \"a\":2}")).getMessage().contains("duplicate key"));
    assertTrue(fails(file("{\"__metadata__\":{\"n\":3}}")).getMessage().contains("not a string"));
    assertTrue(fails(file("[1,2]  ")).getMessage().contains("does not start with '{'"));
    assertTrue(fails(file("{\"a\":")).getMessage().contains("malformed JSON"));
    byte[] badUtf8 = file("{\"\u00e9\":1}");
    badUtf8[10] = (byte) 0xff;
    assertTrue(fails(badUtf8).getMessage().contains("UTF-8"));
  }

  private static SafeTensors.Contents assertDoesNotThrow(byte[] bytes) {
    try {
      return SafeTensors.parse(bytes, "ok");
    } catch (ModelFileException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void atomicWriteKeepsOldFileWhenWritingFails() throws IOException {
    Path p = dir.resolve("m.safetensors");
    SafeTensors.write(p, List.of(new SafeTensors.Tensor("x", new int[] {1}, new float[] {1})), Map.of());
    byte[] before = Files.readAllBytes(p);
    // a duplicate name fails while building the bytes: the old file stays as it was
    SafeTensors.Tensor t = new SafeTensors.Tensor("y", new int[] {1}, new float[] {2});
    assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, List.of(t, t), new LinkedHashMap<>()));
    assertArrayEquals(before, Files.readAllBytes(p));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
  }
}
