package io.vectorgrad.kernels.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the GEMM blocking needs to know about this CPU: data cache sizes per level (L1d, L2, L3 and how
 * many logical CPUs share the L3), read once from Linux sysfs
 * ({@code /sys/devices/system/cpu/cpu0/cache/index*}/{@code {level,type,size,shared_cpu_list}}), and the
 * model name and the ISA flags {@code avx2}/{@code avx512f} from {@code /proc/cpuinfo}. Where a file is
 * missing or unreadable (other operating systems, containers that hide sysfs) the level falls back to
 * {@link #FALLBACK_L1D}, {@link #FALLBACK_L2} and {@link #FALLBACK_L3_PER_CPU} (a small AVX2 server core:
 * 32 KiB L1d, 512 KiB L2, 2 MiB of L3 per CPU), and {@link #cacheSource()} says so.
 */
public final class CpuInfo {
  /** L1 data cache assumed when sysfs does not say: 32 KiB (most x86 and Arm cores of the last decade). */
  public static final long FALLBACK_L1D = 32L << 10;
  /** L2 assumed when sysfs does not say: 512 KiB (Zen 2/3; Intel client cores have more). */
  public static final long FALLBACK_L2 = 512L << 10;
  /** L3 assumed per CPU when sysfs does not say: 2 MiB. */
  public static final long FALLBACK_L3_PER_CPU = 2L << 20;

  private final long l1d;
  private final long l2;
  private final long l3;
  private final int l3SharedBy;
  private final boolean fromSysfs;
  private final String model;
  private final boolean avx2;
  private final boolean avx512f;

  CpuInfo(long l1d, long l2, long l3, int l3SharedBy, boolean fromSysfs, String model, boolean avx2,
      boolean avx512f) {
    this.l1d = l1d;
    this.l2 = l2;
    this.l3 = l3;
    this.l3SharedBy = l3SharedBy;
    this.fromSysfs = fromSysfs;
    this.model = model;
    this.avx2 = avx2;
    this.avx512f = avx512f;
  }

  /** This machine, read once. */
  public static CpuInfo get() {
    return Holder.INSTANCE;
  }

  /**
   * Reads the cache directory of one CPU ({@code .../cpu0/cache} with {@code index0..N} below it) and a
   * {@code /proc/cpuinfo}-style file; either may be missing. {@code cpus} is used when the L3's sharing is
   * not stated.
   */
  public static CpuInfo read(Path cacheDir, Path cpuinfo, int cpus) {
    long l1d = 0;
    long l2 = 0;
    long l3 = 0;
    int l3SharedBy = 0;
    if (Files.isDirectory(cacheDir)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cacheDir, "index*")) {
        for (Path d : dirs) {
          String type = text(d.resolve("type"));
          String level = text(d.resolve("level"));
          long size = parseSize(text(d.resolve("size")));
          if (type == null || level == null || size <= 0 || type.equalsIgnoreCase("Instruction")) {
            continue;
          }
          switch (level) {
            case "1":
              l1d = type.equalsIgnoreCase("Data") || type.equalsIgnoreCase("Unified") ? size : l1d;
              break;
            case "2":
              l2 = size;
              break;
            case "3":
              l3 = size;
              l3SharedBy = countCpus(text(d.resolve("shared_cpu_list")));
              break;
            default:
              break;
          }
        }
      } catch (IOException | RuntimeException e) {
        // unreadable sysfs: the fallbacks below
      }
    }
    boolean fromSysfs = l1d > 0 && l2 > 0;
    if (!fromSysfs) {
      l1d = FALLBACK_L1D;
      l2 = FALLBACK_L2;
    }
    int share = Math.max(1, l3SharedBy > 0 ? l3SharedBy : cpus);
    if (l3 <= 0) {
      // no L3 stated (or no sysfs): assume a share per CPU, so the per-CPU figure is the fallback
      l3 = FALLBACK_L3_PER_CPU * share;
      fromSysfs = false;
    }
    String model = "unknown";
    boolean avx2 = false;
    boolean avx512f = false;
    String info = text(cpuinfo);
    if (info != null) {
      for (String line : info.split("\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (model.equals("unknown") && (key.equals("model name") || key.equals("Model") || key.equals("cpu model"))) {
          model = value;
        } else if (key.equals("flags") || key.equals("Features")) {
          for (String f : value.split("\\s+")) {
            avx2 |= f.equals("avx2");
            avx512f |= f.equals("avx512f");
          }
          if (!model.equals("unknown")) {
            break;
          }
        }
      }
    }
    return new CpuInfo(l1d, l2, l3, share, fromSysfs, model, avx2, avx512f);
  }

  /** L1 data cache of one core, bytes. */
  public long l1dBytes() {
    return l1d;
  }

  /** L2 of one core, bytes. */
  public long l2Bytes() {
    return l2;
  }

  /** The whole L3, bytes. */
  public long l3Bytes() {
    return l3;
  }

  /** Logical CPUs that share the L3. */
  public int l3SharedBy() {
    return l3SharedBy;
  }

  /** The L3 one CPU can count on: {@code l3Bytes / l3SharedBy}. */
  public long l3PerCpuBytes() {
    return l3 / l3SharedBy;
  }

  /** {@code "sysfs"} when every size was read, {@code "fallback"} when any was assumed. */
  public String cacheSource() {
    return fromSysfs ? "sysfs" : "fallback";
  }

  /** The CPU model name from {@code /proc/cpuinfo}, or {@code "unknown"}. */
  public String model() {
    return model;
  }

  public boolean avx2() {
    return avx2;
  }

  public boolean avx512f() {
    return avx512f;
  }

  /** Sizes as sysfs writes them: {@code 48K}, {@code 1024K}, {@code 32M}, or plain bytes; 0 if unparseable. */
  static long parseSize(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    String t = s.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    char last = t.charAt(t.length() - 1);
    if (last == 'K' || last == 'M' || last == 'G') {
      unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t.trim());
      return v > 0 && v < (1L << 40) / unit ? v * unit : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** CPUs in a sysfs list such as {@code 0-3,8-11} or {@code 5}; 0 if unparseable. */
  static int countCpus(String list) {
    if (list == null || list.isEmpty()) {
      return 0;
    }
    int n = 0;
    try {
      for (String part : list.trim().split(",")) {
        int dash = part.indexOf('-');
        if (dash < 0) {
          Integer.parseInt(part.trim());
          n++;
        } else {
          int lo = Integer.parseInt(part.substring(0, dash).trim());
          int hi = Integer.parseInt(part.substring(dash + 1).trim());
          if (hi < lo) {
            return 0;
          }
          n += hi - lo + 1;
        }
      }
    } catch (NumberFormatException e) {
      return 0;
    }
    return n;
  }

  private static String text(Path p) {
    try {
      return Files.isReadable(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8).trim() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static final class Holder {
    static final CpuInfo INSTANCE = read(Path.of("/sys/devices/system/cpu/cpu0/cache"), Path.of("/proc/cpuinfo"),
        Runtime.getRuntime().availableProcessors());
  }
}
