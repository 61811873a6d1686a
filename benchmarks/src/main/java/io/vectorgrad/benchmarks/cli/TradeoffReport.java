package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.benchmarks.report.TradeoffMeasurement.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rows {@code tradeoff} measures, and their markdown, CSV and JSON forms. */
final class TradeoffReport {
  private TradeoffReport() {}

  static String markdown(List<Row> rows, Row base, long storeAllBytes) {
    StringBuilder sb = new StringBuilder();
    sb.append("| policy | runs as | step ms (median) | min–max | vs store-all | kept bytes (JOL) | predicted"
        + " | kept vs store-all | recomputed forwards | bit-identical |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f–%.1f | %s | %d (%s) | %d | %.1f%% | %d | %s |%n", r.spec,
          r.resolved, r.medianMs, r.minMs, r.maxMs,
          base == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.medianMs / base.medianMs),
          r.measured, Plan.bytes(r.measured), r.predicted, 100.0 * r.measured / storeAllBytes, r.recomputed,
          r.identical ? "yes" : "NO"));
    }
    return sb.toString();
  }

  /** A CSV field, quoted (specs such as manual:0,3 contain commas). */
  static String csvField(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String csv(List<Row> rows, long storeAllBytes) {
    StringBuilder sb = new StringBuilder(
        "policy,runs_as,step_ms,step_ms_min,step_ms_max,kept_bytes_measured,kept_bytes_predicted,store_all_bytes,recomputed_layer_forwards,"
            + "gradients_bit_identical\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%.3f,%.3f,%.3f,%d,%d,%d,%d,%s%n", csvField(r.spec),
          csvField(r.resolved), r.medianMs, r.minMs, r.maxMs, r.measured, r.predicted, storeAllBytes, r.recomputed, r.identical));
    }
    return sb.toString();
  }

  static List<Object> json(List<Row> rows) {
    List<Object> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("policy", r.spec);
      m.put("step_ms", r.medianMs);
      m.put("step_ms_min", r.minMs);
      m.put("step_ms_max", r.maxMs);
      m.put("kept_bytes_measured", r.measured);
      m.put("kept_bytes_predicted", r.predicted);
      m.put("recomputed_layer_forwards", r.recomputed);
      m.put("gradients_bit_identical", r.identical);
      list.add(m);
    }
    return list;
  }
}
