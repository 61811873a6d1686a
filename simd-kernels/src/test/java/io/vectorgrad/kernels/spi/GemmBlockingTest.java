package io.vectorgrad.kernels.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link GemmBlocking#choose}: the cache model, the clamps and the overrides. */
class GemmBlockingTest {
  private static final CpuInfo ZEN3 = new CpuInfo(32 << 10, 512 << 10, 32L << 20, 16, true, "zen3", true, false);
  private static final CpuInfo ZEN5 = new CpuInfo(48 << 10, 1 << 20, 32L << 20, 2, true, "zen5", true, true);

  private static GemmBlocking choose(int mr, int nr, CpuInfo cpu, Map<String, String> props) {
    return GemmBlocking.choose(mr + "x" + nr, mr, nr, 4096, 1 << 21, cpu, props::get);
  }

  @Test
  void derivedFromTheCaches() {
    // KC: 2/3 of L1d over NR floats, a multiple of 32; MC: L2/2 over KC floats; NC: L3 share/2 over KC floats
    GemmBlocking b = choose(6, 32, ZEN5, Map.of());
    assertEquals(256, b.kc()); // 32768 / 128
    assertEquals(510, b.mc()); // 524288 / 1024 = 512 -> multiple of 6
    assertEquals(8192, b.nc()); // 8 MiB / 1024 = 8192 (the cap)
    GemmBlocking z3 = choose(3, 24, ZEN3, Map.of());
    assertEquals(224, z3.kc()); // 21845 / 96 = 227 -> 224
    assertEquals(291, z3.mc()); // 262144 / 896 = 292 -> 291
    assertEquals(1152, z3.nc()); // 1 MiB / 896 = 1170 -> multiple of 24
    assertTrue(z3.kcSource().contains("sysfs"), z3.kcSource());
  }

  @Test
  void tinyAndHugeCachesAreClamped() {
    CpuInfo tiny = new CpuInfo(1024, 4096, 4096, 1, false, "tiny", false, false);
    GemmBlocking b = choose(6, 16, tiny, Map.of());
    assertEquals(64, b.kc());
    assertEquals(6, b.mc());
    assertEquals(16, b.nc());
    assertTrue(b.kcSource().contains("fallback"), b.kcSource());
    CpuInfo huge = new CpuInfo(1 << 30, 1L << 34, 1L << 36, 1, true, "huge", false, false);
    GemmBlocking h = choose(6, 16, huge, Map.of());
    assertEquals(1024, h.kc());
    assertEquals(4092, h.mc());
    assertEquals(8192, h.nc());
  }

  @Test
  void overridesWinAndAreRoundedToTheTile() {
    GemmBlocking b = choose(6, 32, ZEN5, Map.of(GemmBlocking.KC_PROPERTY, "100", GemmBlocking.MC_PROPERTY, "50",
        GemmBlocking.NC_PROPERTY, " 100 "));
    assertEquals(100, b.kc());
    assertEquals(48, b.mc());
    assertEquals(96, b.nc());
    assertEquals("-D" + GemmBlocking.KC_PROPERTY, b.kcSource());
    assertEquals("-D" + GemmBlocking.NC_PROPERTY, b.ncSource());
    // MC and NC follow an overridden KC when not overridden themselves
    assertEquals(1308, choose(6, 32, ZEN5, Map.of(GemmBlocking.KC_PROPERTY, "100")).mc());
  }

  @Test
  void badOverridesNameThePropertyAndTheRange() {
    for (String[] bad : new String[][] {{GemmBlocking.KC_PROPERTY, "0"}, {GemmBlocking.KC_PROPERTY, "big"},
        {GemmBlocking.KC_PROPERTY, "5000"}, {GemmBlocking.MC_PROPERTY, "5"}, {GemmBlocking.NC_PROPERTY, "-1"},
        {GemmBlocking.NC_PROPERTY, ""}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> choose(6, 16, ZEN3, Map.of(bad[0], bad[1])));
      assertTrue(e.getMessage().startsWith("-D" + bad[0] + "=" + bad[1] + ": expected an integer in ["),
          e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> choose(6, 16, ZEN3, Map.of(GemmBlocking.MC_PROPERTY, "5")));
    assertTrue(e.getMessage().contains("[6, 16384]") && e.getMessage().contains("multiple of 6"), e.getMessage());
  }

  @Test
  void mapHasEveryField() {
    Map<String, Object> m = choose(3, 24, ZEN3, Map.of()).toMap();
    assertEquals(224, m.get("kc"));
    assertEquals("3x24", m.get("tile"));
    assertEquals(4096L, m.get("small_max_volume"));
    assertEquals(11, m.size());
  }
}
