import io.vectorgrad.training.data.*;
import io.vectorgrad.training.model.*;
import io.vectorgrad.training.optim.*;
import io.vectorgrad.training.loss.*;
import io.vectorgrad.training.trainer.*;
import java.util.*;
/** 1 vs 2 threads in one JVM, alternating epochs; per phase: gather, forward+backward, optimizer. */
public class EpochAB {
  static final boolean LEGACY = Boolean.getBoolean("ab.legacy");
  public static void main(String[] a) throws Exception {
    ArrayDataset d = FashionMnist.train();
    int rounds = Integer.parseInt(a[0]);
    int batch = 128, n = d.size(), f = d.featureCount(), c = d.targetWidth();
    Map<Integer, List<double[]>> res = new TreeMap<>();
    Model[] models = new Model[3]; TrainingStep[] steps = new TrainingStep[3]; Optimizer[] opts = new Optimizer[3];
    for (int t = 1; t <= 2; t++) {
      models[t] = Model.builder(f).dense(256, Activation.RELU).dense(128, Activation.RELU).dense(10, Activation.SOFTMAX).build(42);
      opts[t] = new Adam(1e-3f);
      steps[t] = new TrainingStep(models[t], SoftmaxCrossEntropy.INSTANCE, opts[t], batch, t);
    }
    float[] x = new float[batch * f], y = new float[batch * c];
    int[] order = new int[n]; for (int i = 0; i < n; i++) order[i] = i;
    for (int r = 0; r < rounds; r++) {
      for (int t = 1; t <= 2; t++) {
        long gather = 0, fb = 0, opt = 0, t0 = System.nanoTime();
        for (int s = 0; s + batch <= n; s += batch) {
          long a0 = System.nanoTime();
          for (int i = 0; i < batch; i++) { d.features(order[s + i], x, i * f); d.target(order[s + i], y, i * c); }
          long a1 = System.nanoTime();
          steps[t].computeGradients(x, y, batch);
          long a2 = System.nanoTime();
          if (LEGACY) opts[t].step(models[t], 1e-3f); else opts[t].step(models[t], 1e-3f, t);
          long a3 = System.nanoTime();
          gather += a1 - a0; fb += a2 - a1; opt += a3 - a2;
        }
        double total = (System.nanoTime() - t0) / 1e9;
        System.out.printf("round %d threads %d: epoch %.3f s  gather %.3f  fwd+bwd %.3f  optimizer %.3f  load %s%n", r, t, total,
            gather / 1e9, fb / 1e9, opt / 1e9, new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0]);
        if (r > 0) res.computeIfAbsent(t, k -> new ArrayList<>()).add(new double[] {total, gather / 1e9, fb / 1e9, opt / 1e9});
      }
    }
    String[] names = {"epoch", "gather", "fwd+bwd", "optimizer"};
    double[] m1 = new double[4], m2 = new double[4];
    for (int t = 1; t <= 2; t++) {
      StringBuilder sb = new StringBuilder("median threads " + t + ":");
      for (int k = 0; k < 4; k++) {
        final int kk = k;
        double[] v = res.get(t).stream().mapToDouble(e -> e[kk]).sorted().toArray();
        double med = v[v.length / 2];
        if (t == 1) m1[k] = med; else m2[k] = med;
        sb.append(String.format("  %s %.3f", names[k], med));
      }
      System.out.println(sb);
    }
    System.out.printf("speed-up (1T/2T medians): epoch %.2fx, fwd+bwd %.2fx, optimizer %.2fx%n", m1[0] / m2[0], m1[2] / m2[2], m1[3] / m2[3]);
  }
}
