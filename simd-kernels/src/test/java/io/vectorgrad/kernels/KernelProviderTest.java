package io.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorgrad.kernels.spi.KernelProvider;
import org.junit.jupiter.api.Test;

class KernelProviderTest {
  @Test
  void theForcedProviderIsTheOneInUse() {
    String forced = System.getProperty(KernelProvider.PROVIDER_PROPERTY);
    if (forced != null) {
      assertEquals(forced, Kernels.providerName());
    }
    assertEquals(Kernels.providerName(), KernelProvider.get().name());
  }

  @Test
  void scalarIsAlwaysAvailable() {
    assertEquals("scalar", KernelProvider.scalar().name());
  }

  @Test
  void panamaLoadsWhenTheModuleIsPresentAndFailsLoudlyOtherwise() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      assertEquals("panama", KernelProvider.panama().name());
    } else {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, KernelProvider::panama);
      assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }
  }

  @Test
  void threadsPropertyIsValidated() {
    assertEquals(3, Kernels.parseThreads("3"));
    assertEquals(Runtime.getRuntime().availableProcessors(), Kernels.parseThreads(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.parseThreads("0"));
    assertTrue(e.getMessage().contains("vectorgrad.threads=0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Kernels.parseThreads("many"));
    assertTrue(Kernels.defaultThreads() >= 1);
  }
}
