package io.vectorgrad.training.io;

import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Architecture;
import io.vectorgrad.training.model.Architecture.BlockSpec;
import io.vectorgrad.training.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a PyTorch state dict with any module names onto an {@link Architecture}. Tensors are grouped into
 * modules by their name without the last dot-separated part ({@code 0.weight}, {@code 0.bias} → module
 * {@code 0}); modules are put in order by comparing names part by part, numbers numerically ({@code 10}
 * after {@code 9}) and the residual roles {@code norm, fc1, fc2, proj} in that order, anything else as text;
 * then they are matched one for one with the modules the architecture needs: a Linear ({@code weight}
 * {@code [out, in]}, {@code bias} {@code [out]}, a missing bias read as zeros), a LayerNorm ({@code weight},
 * {@code bias}) or a BatchNorm ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var},
 * {@code num_batches_tracked} ignored). Modules without parameters (ReLU, Dropout) have no tensors and
 * need no mapping. Every mismatch is reported with the tensor, the shape needed and the shape found.
 */
final class StateDicts {
  private static final List<String> ROLES = List.of("norm", "fc1", "fc2", "proj");

  private StateDicts() {}

  /** One module the architecture needs: its vectorgrad tensors, PyTorch leaf name → parameter. */
  private static final class Needed {
    final String what;
    final Map<String, Parameter> leaves = new LinkedHashMap<>();

    Needed(String what) {
      this.what = what;
    }
  }

  /** Compares module names part by part: numbers numerically, residual roles in block order, text otherwise. */
  static final Comparator<String> MODULE_ORDER = (a, b) -> {
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = comparePart(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  };

  private static int comparePart(String a, String b) {
    boolean na = !a.isEmpty() && a.length() < 19 && a.chars().allMatch(Character::isDigit);
    boolean nb = !b.isEmpty() && b.length() < 19 && b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    int ra = ROLES.indexOf(a);
    int rb = ROLES.indexOf(b);
    if (ra >= 0 && rb >= 0) {
      return Integer.compare(ra, rb);
    }
    return a.compareTo(b);
  }

  static Model load(SafeTensors.Contents c, Architecture arch, String source) throws ModelFileException {
    Model model = arch.newModel(0);
    List<Needed> needed = needed(model, arch);
    // group the file's tensors by module, in module order
    TreeMap<String, Map<String, SafeTensors.Tensor>> modules = new TreeMap<>(MODULE_ORDER);
    for (SafeTensors.Tensor t : c.tensors().values()) {
      int dot = t.name().lastIndexOf('.');
      String module = dot < 0 ? "" : t.name().substring(0, dot);
      modules.computeIfAbsent(module, k -> new LinkedHashMap<>()).put(t.name().substring(dot + 1), t);
    }
    List<String> names = new ArrayList<>(modules.keySet());
    float[][] data = new float[model.tensors().size()][];
    List<Parameter> all = model.tensors();
    for (int m = 0; m < needed.size(); m++) {
      Needed n = needed.get(m);
      if (m >= names.size()) {
        throw new ModelFileException(source + ": the architecture " + arch.toJson() + " needs " + needed.size()
            + " modules with parameters, the file has " + names.size() + " (" + abbreviate(names) + "); missing: "
            + n.what + " and any after it");
      }
      String module = names.get(m);
      Map<String, SafeTensors.Tensor> found = new LinkedHashMap<>(modules.get(module));
      String prefix = module.isEmpty() ? "" : module + ".";
      for (Map.Entry<String, Parameter> e : n.leaves.entrySet()) {
        Parameter p = e.getValue();
        SafeTensors.Tensor t = found.remove(e.getKey());
        if (t == null && e.getKey().equals("bias") && n.what.startsWith("Linear")) {
          data[all.indexOf(p)] = new float[p.size()]; // nn.Linear(bias=False): the same network with b = 0
          continue;
        }
        if (t == null) {
          throw new ModelFileException(source + ": module " + quote(module) + " (matched to " + n.what
              + ") has no tensor " + prefix + e.getKey() + " (expected shape " + Arrays.toString(p.shape())
              + "); it holds " + describe(modules.get(module)));
        }
        if (!Arrays.equals(t.shape(), p.shape())) {
          throw new ModelFileException(source + ": tensor " + t.name() + " has shape " + Arrays.toString(t.shape())
              + ", but module " + quote(module) + " is matched to " + n.what + ", which needs "
              + Arrays.toString(p.shape()) + (e.getKey().equals("weight") && p.shape().length == 2
              ? " ([out, in], as nn.Linear.weight)" : ""));
        }
        data[all.indexOf(p)] = t.data();
      }
      SafeTensors.Tensor counter = found.remove("num_batches_tracked");
      if (counter != null && !n.what.startsWith("BatchNorm")) {
        found.put("num_batches_tracked", counter);
      }
      if (!found.isEmpty()) {
        throw new ModelFileException(source + ": module " + quote(module) + " (matched to " + n.what
            + ") holds tensor(s) it does not have: " + describe(found));
      }
    }
    if (names.size() > needed.size()) {
      List<String> leftover = new ArrayList<>();
      for (String module : names.subList(needed.size(), names.size())) {
        leftover.add(describe(modules.get(module)));
      }
      throw new ModelFileException(source + ": the architecture " + arch.toJson() + " needs " + needed.size()
          + " modules with parameters, the file has " + names.size() + "; leftover tensors: "
          + abbreviate(leftover));
    }
    ModelFiles.checkValues(source, all, data);
    for (int t = 0; t < all.size(); t++) {
      System.arraycopy(data[t], 0, all.get(t).values(), 0, data[t].length);
    }
    return model;
  }

  /** The modules the architecture needs, in order, with PyTorch's leaf names. */
  private static List<Needed> needed(Model model, Architecture arch) {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (Parameter p : model.tensors()) {
      byName.put(p.name(), p);
    }
    List<Needed> list = new ArrayList<>();
    for (int i = 0; i < arch.blockCount(); i++) {
      BlockSpec b = arch.blocks().get(i);
      String prefix = "layers." + i;
      int in = i == 0 ? arch.inputSize() : arch.blocks().get(i - 1).units();
      switch (b.kind()) {
        case DENSE:
          list.add(linear(byName, prefix, "block " + i + " " + in + "→" + b.units()));
          break;
        case LAYER_NORM:
        case BATCH_NORM:
          list.add(norm(byName, prefix, b.kind() == Architecture.Kind.BATCH_NORM, "block " + i, b.units()));
          break;
        case RESIDUAL:
          if (byName.containsKey(prefix + ".norm.weight")) {
            list.add(norm(byName, prefix + ".norm", byName.containsKey(prefix + ".norm.running_mean"),
                "block " + i + " (residual) norm", in));
          }
          list.add(linear(byName, prefix + ".fc1", "block " + i + " (residual) fc1 " + in + "→" + b.hidden()));
          list.add(linear(byName, prefix + ".fc2", "block " + i + " (residual) fc2 " + b.hidden() + "→" + b.units()));
          if (byName.containsKey(prefix + ".proj.weight")) {
            list.add(linear(byName, prefix + ".proj", "block " + i + " (residual) projection " + in + "→"
                + b.units()));
          }
          break;
        default:
          throw new AssertionError(b.kind());
      }
    }
    return list;
  }

  private static Needed linear(Map<String, Parameter> byName, String prefix, String where) {
    Needed n = new Needed("Linear of " + where);
    n.leaves.put("weight", byName.get(prefix + ".weight"));
    n.leaves.put("bias", byName.get(prefix + ".bias"));
    return n;
  }

  private static Needed norm(Map<String, Parameter> byName, String prefix, boolean batch, String where, int width) {
    Needed n = new Needed((batch ? "BatchNorm" : "LayerNorm") + " of " + where + " (width " + width + ")");
    n.leaves.put("weight", byName.get(prefix + ".weight"));
    n.leaves.put("bias", byName.get(prefix + ".bias"));
    if (batch) {
      n.leaves.put("running_mean", byName.get(prefix + ".running_mean"));
      n.leaves.put("running_var", byName.get(prefix + ".running_var"));
    }
    return n;
  }

  private static String describe(Map<String, SafeTensors.Tensor> tensors) {
    List<String> s = new ArrayList<>();
    for (SafeTensors.Tensor t : tensors.values()) {
      s.add(t.name() + " " + Arrays.toString(t.shape()));
    }
    return abbreviate(s);
  }

  private static String quote(String module) {
    return "'" + module + "'";
  }

  private static String abbreviate(List<String> names) {
    String s = String.join(", ", names);
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }
}
