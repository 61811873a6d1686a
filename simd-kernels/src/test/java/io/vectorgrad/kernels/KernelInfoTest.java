package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.kernels.spi.GemmBlocking;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link KernelInfo} for the provider in use and for the scalar one. */
class KernelInfoTest {
  @Test
  void describesTheProviderInUse() {
    KernelInfo info = KernelInfo.current();
    assertEquals(Kernels.providerName(), info.provider());
    assertEquals(info.vectorBits() / 32, info.lanes());
    assertTrue(info.java().contains(Integer.toString(Runtime.version().feature())), info.java());
    if (info.provider().equals("panama")) {
      assertTrue(info.lanes() >= 4, "lanes " + info.lanes());
      GemmBlocking b = info.gemmBlocking().orElseThrow();
      assertEquals(0, b.nr() % info.lanes());
      assertEquals(0, b.mc() % b.mr());
      assertEquals(0, b.nc() % b.nr());
      assertTrue(b.kc() >= 16, b.toString());
      assertTrue(info.toString().contains("KC " + b.kc()), info.toString());
    }
  }

  @Test
  void scalarReportsOneLaneAndNoBlocking() {
    KernelInfo info = KernelInfo.of(KernelProvider.scalar());
    assertEquals("scalar", info.provider());
    assertEquals(32, info.vectorBits());
    assertEquals(1, info.lanes());
    assertFalse(info.gemmBlocking().isPresent());
    assertTrue(info.toString().contains("no blocking"), info.toString());
    Map<String, Object> m = info.toMap();
    assertEquals(null, m.get("gemm"));
    assertEquals(1, m.get("lanes"));
    @SuppressWarnings("unchecked")
    Map<String, Object> cpu = (Map<String, Object>) m.get("cpu");
    assertEquals(info.cpu().l2Bytes(), cpu.get("l2_bytes"));
    assertTrue(cpu.containsKey("avx512f") && cpu.containsKey("cache_source") && cpu.containsKey("model"));
  }
}
