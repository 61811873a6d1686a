package io.vectorgrad.kernels;

import io.vectorgrad.kernels.spi.CpuInfo;
import io.vectorgrad.kernels.spi.GemmBlocking;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this JVM computes with, for {@code vectorgrad info} and for benchmark reports: the kernel
 * provider, its vector width, the CPU (model, {@code avx2}/{@code avx512f}, cache sizes and whether they
 * were read from sysfs or assumed), the GEMM's register tile, cache blocking and path thresholds, and the
 * JDK. Independent of the provider: the scalar kernels report one 32-bit lane and no blocking.
 */
public final class KernelInfo {
  private final String provider;
  private final int vectorBits;
  private final int lanes;
  private final CpuInfo cpu;
  private final GemmBlocking blocking;
  private final int threads;
  private final String java;

  private KernelInfo(KernelProvider provider, CpuInfo cpu, int threads, String java) {
    this.provider = provider.name();
    this.vectorBits = provider.vectorBits();
    this.lanes = provider.vectorLanes();
    this.cpu = cpu;
    this.blocking = provider.gemmBlocking().orElse(null);
    this.threads = threads;
    this.java = java;
  }

  /** The provider this JVM uses, on this machine. */
  public static KernelInfo current() {
    return of(KernelProvider.get());
  }

  /** {@code provider} on this machine (e.g. the scalar provider beside the one in use). */
  public static KernelInfo of(KernelProvider provider) {
    return new KernelInfo(provider, CpuInfo.get(), Kernels.defaultThreads(),
        System.getProperty("java.vm.vendor", "?") + " " + System.getProperty("java.vm.name", "?") + " "
            + Runtime.version());
  }

  /** {@code "panama"} or {@code "scalar"}. */
  public String provider() {
    return provider;
  }

  /** Bits per vector the kernels use: 256 (AVX2), 512 (AVX-512), 32 for the scalar kernels. */
  public int vectorBits() {
    return vectorBits;
  }

  /** Floats per vector. */
  public int lanes() {
    return lanes;
  }

  /** CPU model, ISA flags and cache sizes. */
  public CpuInfo cpu() {
    return cpu;
  }

  /** The blocked GEMM's tile, KC/MC/NC and thresholds; empty for the scalar kernels. */
  public Optional<GemmBlocking> gemmBlocking() {
    return Optional.ofNullable(blocking);
  }

  /** Default kernel threads ({@link Kernels#defaultThreads()}). */
  public int threads() {
    return threads;
  }

  /** JVM vendor, name and version, e.g. {@code "Eclipse Adoptium OpenJDK 64-Bit Server VM 25.0.3+9-LTS"}. */
  public String java() {
    return java;
  }

  /** Everything, by name in a fixed order (nested maps for the CPU and the blocking), for JSON reports. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", provider);
    m.put("vector_bits", vectorBits);
    m.put("lanes", lanes);
    m.put("threads", threads);
    m.put("java", java);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("model", cpu.model());
    c.put("avx2", cpu.avx2());
    c.put("avx512f", cpu.avx512f());
    c.put("l1d_bytes", cpu.l1dBytes());
    c.put("l2_bytes", cpu.l2Bytes());
    c.put("l3_bytes", cpu.l3Bytes());
    c.put("l3_shared_by", cpu.l3SharedBy());
    c.put("cache_source", cpu.cacheSource());
    m.put("cpu", c);
    m.put("gemm", blocking == null ? null : blocking.toMap());
    return m;
  }

  /** A few human-readable lines. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append("kernels: ").append(provider).append(", ").append(vectorBits).append("-bit vectors (").append(lanes)
        .append(lanes == 1 ? " float lane" : " float lanes").append("), ").append(threads).append(" threads\n");
    s.append("cpu: ").append(cpu.model()).append(", avx2 ").append(cpu.avx2() ? "yes" : "no").append(", avx512f ")
        .append(cpu.avx512f() ? "yes" : "no").append('\n');
    s.append("caches (").append(cpu.cacheSource()).append("): L1d ").append(kib(cpu.l1dBytes())).append(", L2 ")
        .append(kib(cpu.l2Bytes())).append(", L3 ").append(kib(cpu.l3Bytes())).append(" shared by ")
        .append(cpu.l3SharedBy()).append('\n');
    if (blocking == null) {
      s.append("gemm: plain loops, no blocking\n");
    } else {
      boolean oneSource = blocking.kcSource().equals(blocking.mcSource())
          && blocking.kcSource().equals(blocking.ncSource());
      s.append("gemm: ").append(blocking).append(oneSource ? " (" + blocking.kcSource() + ")"
          : " (KC " + blocking.kcSource() + "; MC " + blocking.mcSource() + "; NC " + blocking.ncSource() + ")")
          .append(", unpacked up to m·n·k ")
          .append(blocking.smallMaxVolume()).append(", one thread below ").append(blocking.parallelMinVolume())
          .append('\n');
    }
    s.append("java: ").append(java);
    return s.toString();
  }

  private static String kib(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }
}
