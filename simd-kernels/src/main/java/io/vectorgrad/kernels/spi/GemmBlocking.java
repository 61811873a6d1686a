package io.vectorgrad.kernels.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Cache blocking of a packed (BLIS-style) GEMM, derived once from the register tile and the cache sizes:
 * <ul>
 *   <li>{@code kc}: the packed B micro-panel ({@code kc×NR} floats) fills two thirds of the L1d (a multiple
 *       of 32), the rest left to the A micro-panels streaming past it and to C. On Zen 5 (48 KiB L1d) this
 *       measured best of 192..576: half the L1d gave a few percent less, a full L1d more than that;
 *   <li>{@code mc}: the packed A block ({@code mc×kc}, a multiple of MR) fills half of the L2;
 *   <li>{@code nc}: the packed B panel ({@code kc×nc}, a multiple of NR) fills half of this CPU's share of
 *       the L3.
 * </ul>
 * Each is clamped to a sane range and can be overridden with {@code -Dvectorgrad.gemm.kc=…}, {@code …mc}
 * and {@code …nc} (an integer in the stated range; mc and nc are rounded down to a multiple of MR and NR).
 */
public final class GemmBlocking {
  /** System property overriding {@link #kc()}. */
  public static final String KC_PROPERTY = "vectorgrad.gemm.kc";
  /** System property overriding {@link #mc()}. */
  public static final String MC_PROPERTY = "vectorgrad.gemm.mc";
  /** System property overriding {@link #nc()}. */
  public static final String NC_PROPERTY = "vectorgrad.gemm.nc";

  static final int KC_MIN = 16;
  static final int KC_MAX = 4096;
  static final int MC_MAX = 16384;
  static final int NC_MAX = 65536;
  /** Derived values are kept within these (a tiny or huge cache must not give absurd blocks). */
  static final int KC_DERIVED_MIN = 64;
  static final int KC_DERIVED_MAX = 1024;
  static final int MC_DERIVED_MAX = 4096;
  static final int NC_DERIVED_MAX = 8192;

  private final String tile;
  private final int mr;
  private final int nr;
  private final int kc;
  private final int mc;
  private final int nc;
  private final String kcSource;
  private final String mcSource;
  private final String ncSource;
  private final long smallMaxVolume;
  private final long parallelMinVolume;

  private GemmBlocking(String tile, int mr, int nr, int kc, int mc, int nc, String kcSource, String mcSource,
      String ncSource, long smallMaxVolume, long parallelMinVolume) {
    this.tile = tile;
    this.mr = mr;
    this.nr = nr;
    this.kc = kc;
    this.mc = mc;
    this.nc = nc;
    this.kcSource = kcSource;
    this.mcSource = mcSource;
    this.ncSource = ncSource;
    this.smallMaxVolume = smallMaxVolume;
    this.parallelMinVolume = parallelMinVolume;
  }

  /**
   * The blocking for an {@code mr×nr} float register tile on {@code cpu}, with overrides looked up through
   * {@code properties} (normally {@code System::getProperty}).
   *
   * @param tile the kernel's name for its tile, e.g. {@code "6x16"}
   * @param smallMaxVolume up to this m·n·k the GEMM runs unpacked (reported only)
   * @param parallelMinVolume below this m·n·k the GEMM runs on one thread (reported only)
   * @throws IllegalArgumentException naming the property and the expected range when an override is bad
   */
  public static GemmBlocking choose(String tile, int mr, int nr, long smallMaxVolume, long parallelMinVolume,
      CpuInfo cpu, Function<String, String> properties) {
    if (mr < 1 || nr < 1) {
      throw new IllegalArgumentException("register tile " + mr + "x" + nr + ": expected positive sizes");
    }
    int kcDerived = clamp(roundDown(cpu.l1dBytes() * 2 / 3 / (4L * nr), 32), KC_DERIVED_MIN, KC_DERIVED_MAX);
    Integer kcOverride = override(properties, KC_PROPERTY, KC_MIN, KC_MAX, 1);
    int kc = kcOverride != null ? kcOverride : kcDerived;
    int mcDerived = clamp(roundDown(cpu.l2Bytes() / 2 / (4L * kc), mr), mr, Math.max(mr, MC_DERIVED_MAX / mr * mr));
    Integer mcOverride = override(properties, MC_PROPERTY, mr, MC_MAX, mr);
    int ncDerived = clamp(roundDown(cpu.l3PerCpuBytes() / 2 / (4L * kc), nr), nr,
        Math.max(nr, NC_DERIVED_MAX / nr * nr));
    Integer ncOverride = override(properties, NC_PROPERTY, nr, NC_MAX, nr);
    String derived = "derived from " + cpu.cacheSource() + " cache sizes";
    return new GemmBlocking(tile, mr, nr, kc, mcOverride != null ? mcOverride : mcDerived,
        ncOverride != null ? ncOverride : ncDerived, kcOverride != null ? "-D" + KC_PROPERTY : derived,
        mcOverride != null ? "-D" + MC_PROPERTY : derived, ncOverride != null ? "-D" + NC_PROPERTY : derived,
        smallMaxVolume, parallelMinVolume);
  }

  private static Integer override(Function<String, String> properties, String name, int min, int max,
      int multiple) {
    String value = properties.apply(name);
    if (value == null) {
      return null;
    }
    int v;
    try {
      v = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      v = Integer.MIN_VALUE;
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("-D" + name + "=" + value + ": expected an integer in [" + min + ", " + max
          + "]" + (multiple > 1 ? " (rounded down to a multiple of " + multiple + ")" : ""));
    }
    return roundDown(v, multiple);
  }

  private static int roundDown(long v, int multiple) {
    return (int) Math.min(Integer.MAX_VALUE, v / multiple * multiple);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** The register tile, e.g. {@code "6x16"} (rows × columns). */
  public String tile() {
    return tile;
  }

  public int mr() {
    return mr;
  }

  public int nr() {
    return nr;
  }

  /** Depth of a packed k-block (k is cut into equal blocks of at most this). */
  public int kc() {
    return kc;
  }

  /** Rows of op(A) packed at once. */
  public int mc() {
    return mc;
  }

  /** Columns of op(B) packed at once. */
  public int nc() {
    return nc;
  }

  /** Where {@link #kc()} came from: derived from the caches, or the override property. */
  public String kcSource() {
    return kcSource;
  }

  public String mcSource() {
    return mcSource;
  }

  public String ncSource() {
    return ncSource;
  }

  /** Up to this m·n·k the GEMM skips packing. */
  public long smallMaxVolume() {
    return smallMaxVolume;
  }

  /** Below this m·n·k the GEMM runs on the calling thread only. */
  public long parallelMinVolume() {
    return parallelMinVolume;
  }

  /** The fields by name, in a fixed order (for JSON reports). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tile", tile);
    m.put("mr", mr);
    m.put("nr", nr);
    m.put("kc", kc);
    m.put("mc", mc);
    m.put("nc", nc);
    m.put("kc_source", kcSource);
    m.put("mc_source", mcSource);
    m.put("nc_source", ncSource);
    m.put("small_max_volume", smallMaxVolume);
    m.put("parallel_min_volume", parallelMinVolume);
    return m;
  }

  @Override
  public String toString() {
    return "tile " + tile + ", KC " + kc + ", MC " + mc + ", NC " + nc;
  }
}
