package io.vectorgrad.kernels.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CpuInfo} on sysfs-like and cpuinfo-like files written to a temporary directory. */
class CpuInfoTest {
  @TempDir
  Path dir;

  private Path cache(String index, String level, String type, String size, String shared) throws IOException {
    Path d = Files.createDirectories(dir.resolve("cache").resolve(index));
    Files.writeString(d.resolve("level"), level + "\n");
    Files.writeString(d.resolve("type"), type + "\n");
    Files.writeString(d.resolve("size"), size + "\n");
    if (shared != null) {
      Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
    }
    return d;
  }

  @Test
  void readsAZen3LikeHierarchyAndIgnoresTheInstructionCache() throws IOException {
    cache("index0", "1", "Data", "32K", "0");
    cache("index1", "1", "Instruction", "64K", "0");
    cache("index2", "2", "Unified", "512K", "0");
    cache("index3", "3", "Unified", "32768K", "0-7,16-23");
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
        + "model name\t: AMD EPYC 7B13\nflags\t\t: fpu sse2 avx fma avx2 bmi2\n\nprocessor\t: 1\n");
    CpuInfo c = CpuInfo.read(dir.resolve("cache"), cpuinfo, 2);
    assertEquals(32 << 10, c.l1dBytes());
    assertEquals(512 << 10, c.l2Bytes());
    assertEquals(32L << 20, c.l3Bytes());
    assertEquals(16, c.l3SharedBy());
    assertEquals(2L << 20, c.l3PerCpuBytes());
    assertEquals("sysfs", c.cacheSource());
    assertEquals("AMD EPYC 7B13", c.model());
    assertTrue(c.avx2());
    assertFalse(c.avx512f());
  }

  @Test
  void megabyteSizesAndAMissingSharedListUseTheCpuCount() throws IOException {
    cache("index0", "1", "Data", "48K", null);
    cache("index2", "2", "Unified", "2M", null);
    cache("index3", "3", "Unified", "96M", null);
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "model name : X\nflags : avx2 avx512f avx512bw\n");
    CpuInfo c = CpuInfo.read(dir.resolve("cache"), cpuinfo, 4);
    assertEquals(48 << 10, c.l1dBytes());
    assertEquals(2 << 20, c.l2Bytes());
    assertEquals(4, c.l3SharedBy());
    assertEquals(24L << 20, c.l3PerCpuBytes());
    assertTrue(c.avx512f());
  }

  @Test
  void noSysfsFallsBackAndSaysSo() {
    CpuInfo c = CpuInfo.read(dir.resolve("absent"), dir.resolve("absent-cpuinfo"), 3);
    assertEquals(CpuInfo.FALLBACK_L1D, c.l1dBytes());
    assertEquals(CpuInfo.FALLBACK_L2, c.l2Bytes());
    assertEquals(CpuInfo.FALLBACK_L3_PER_CPU, c.l3PerCpuBytes());
    assertEquals(3, c.l3SharedBy());
    assertEquals("fallback", c.cacheSource());
    assertEquals("unknown", c.model());
    assertFalse(c.avx2());
  }

  @Test
  void garbageSizesAreFallbacksNotCrashes() throws IOException {
    cache("index0", "1", "Data", "lots", "0");
    cache("index2", "2", "Unified", "-5K", "0");
    CpuInfo c = CpuInfo.read(dir.resolve("cache"), dir.resolve("none"), 1);
    assertEquals("fallback", c.cacheSource());
    assertEquals(CpuInfo.FALLBACK_L1D, c.l1dBytes());
  }

  @Test
  void sizeAndCpuListParsing() {
    assertEquals(48 << 10, CpuInfo.parseSize("48K"));
    assertEquals(1 << 30, CpuInfo.parseSize("1G"));
    assertEquals(4096, CpuInfo.parseSize("4096"));
    assertEquals(0, CpuInfo.parseSize(""));
    assertEquals(0, CpuInfo.parseSize("K"));
    assertEquals(1, CpuInfo.countCpus("5"));
    assertEquals(2, CpuInfo.countCpus("0-1"));
    assertEquals(7, CpuInfo.countCpus("0-3,8,10-11"));
    assertEquals(0, CpuInfo.countCpus("3-1"));
    assertEquals(0, CpuInfo.countCpus("a-b"));
  }

  @Test
  void thisMachineIsDescribed() {
    CpuInfo c = CpuInfo.get();
    assertTrue(c.l1dBytes() > 0 && c.l2Bytes() > 0 && c.l3Bytes() > 0 && c.l3SharedBy() >= 1);
    assertTrue(c.cacheSource().equals("sysfs") || c.cacheSource().equals("fallback"));
  }
}
