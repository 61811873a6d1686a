package io.vectorgrad.benchmarks;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The netlib BLAS baselines: {@code JavaBLAS.getInstance()} (netlib's pure-Java BLAS; with
 * {@code jdk.incubator.vector} present that is its Vector API class {@code VectorBLAS}) and
 * {@code NativeBLAS.getInstance()} (JNI to the system {@code libblas.so.3}, OpenBLAS on Debian), plus a way
 * to set OpenBLAS's thread count from inside the JVM.
 *
 * <p>netlib is column-major: a row-major {@code C = op(A)·op(B)} is the column-major
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, i.e. the same call with the operands swapped and m/n exchanged
 * ({@link #sgemmRowMajor}).
 */
public final class NetlibBlas {
  /** Where Debian's OpenBLAS lives; {@code libblas.so.3} (what netlib loads) links against it. */
  static final String OPENBLAS_LIBRARY = "libopenblas.so.0";

  private NetlibBlas() {}

  /** netlib's pure-Java BLAS (VectorBLAS when the incubator module is present). */
  public static BLAS java() {
    return JavaBLAS.getInstance();
  }

  /**
   * netlib's native BLAS, or empty with the reason in {@code why[0]} when it cannot be loaded (no
   * {@code libblas.so.3}, missing JNI dependencies, ...).
   */
  public static Optional<BLAS> nativeBlas(String[] why) {
    try {
      return Optional.of(NativeBLAS.getInstance());
    } catch (RuntimeException | LinkageError e) {
      why[0] = "netlib NativeBLAS (OpenBLAS via libblas.so.3) could not be loaded: " + describe(e)
          + " (install libopenblas0 / libblas3)";
      return Optional.empty();
    }
  }

  /** Row-major sgemm through a column-major BLAS. */
  public static void sgemmRowMajor(BLAS blas, boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
    blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
  }

  /**
   * Sets OpenBLAS's thread count by calling {@code openblas_set_num_threads} through the JDK 17
   * {@code jdk.incubator.foreign} linker (reflectively, so nothing else needs that module). JMH cannot
   * give each fork its own environment, so {@code OPENBLAS_NUM_THREADS} alone cannot run 1 and 2 threads
   * in one JMH run. Needs the JVM flags {@code --add-modules jdk.incubator.foreign
   * --enable-native-access=ALL-UNNAMED}; without them the environment variable is the fallback.
   *
   * @return null when OpenBLAS now runs {@code threads} threads, otherwise why that is not known
   */
  public static String setOpenBlasThreads(int threads) {
    try {
      Path lib = findOpenBlas();
      System.load(lib.toString());
      Class<?> linkerC = Class.forName("jdk.incubator.foreign.CLinker");
      Class<?> lookupC = Class.forName("jdk.incubator.foreign.SymbolLookup");
      Class<?> fdC = Class.forName("jdk.incubator.foreign.FunctionDescriptor");
      Class<?> layoutC = Class.forName("jdk.incubator.foreign.MemoryLayout");
      Class<?> addrC = Class.forName("jdk.incubator.foreign.Addressable");
      Object linker = linkerC.getMethod("getInstance").invoke(null);
      Object lookup = lookupC.getMethod("loaderLookup").invoke(null);
      Method find = lookupC.getMethod("lookup", String.class);
      Object setSym = ((Optional<?>) find.invoke(lookup, "openblas_set_num_threads")).orElseThrow();
      Object getSym = ((Optional<?>) find.invoke(lookup, "openblas_get_num_threads")).orElseThrow();
      Object cInt = linkerC.getField("C_INT").get(null);
      Object one = Array.newInstance(layoutC, 1);
      Array.set(one, 0, cInt);
      Object none = Array.newInstance(layoutC, 0);
      Object setFd = fdC.getMethod("ofVoid", one.getClass()).invoke(null, one);
      Object getFd = fdC.getMethod("of", layoutC, none.getClass()).invoke(null, cInt, none);
      Method downcall = linkerC.getMethod("downcallHandle", addrC, MethodType.class, fdC);
      MethodHandle set = (MethodHandle) downcall.invoke(linker, setSym, MethodType.methodType(void.class, int.class), setFd);
      MethodHandle get = (MethodHandle) downcall.invoke(linker, getSym, MethodType.methodType(int.class), getFd);
      set.invokeExact(threads);
      int now = (int) get.invokeExact();
      return now == threads ? null : "openblas_get_num_threads() = " + now + " after setting " + threads;
    } catch (Throwable e) {
      String env = System.getenv("OPENBLAS_NUM_THREADS");
      if (env != null && env.trim().equals(Integer.toString(threads))) {
        return null;
      }
      return "cannot set the OpenBLAS thread count to " + threads + " (" + describe(e) + "): run the JVM with "
          + "--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED, or set OPENBLAS_NUM_THREADS="
          + threads;
    }
  }

  private static Path findOpenBlas() {
    for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
        "/usr/lib"}) {
      Path p = Path.of(dir, OPENBLAS_LIBRARY);
      if (Files.exists(p)) {
        return p;
      }
    }
    throw new IllegalStateException(OPENBLAS_LIBRARY + " not found");
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
