package io.vectorgrad.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The memory-against-step-time chart of a trade-off run: one labelled point per policy, Pareto frontier drawn. */
public final class TradeoffChart {
  /** One measured policy: the median step time, and the fastest and slowest step (drawn as a bar). */
  public static final class Point {
    final String label;
    final double stepMs;
    final double minMs;
    final double maxMs;
    final double keptBytes;

    public Point(String label, double stepMs, double keptBytes) {
      this(label, stepMs, stepMs, stepMs, keptBytes);
    }

    public Point(String label, double stepMs, double minMs, double maxMs, double keptBytes) {
      this.label = label;
      this.stepMs = stepMs;
      this.minMs = minMs;
      this.maxMs = maxMs;
      this.keptBytes = keptBytes;
    }
  }

  private TradeoffChart() {}

  /**
   * Indices of the points no other point beats in both time and memory (ties in both keep the first),
   * ordered by step time.
   */
  public static List<Integer> paretoFrontier(List<Point> points) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> points.get(i).stepMs)
        .thenComparingDouble(i -> points.get(i).keptBytes));
    List<Integer> front = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int i : order) {
      if (points.get(i).keptBytes < best) {
        front.add(i);
        best = points.get(i).keptBytes;
      }
    }
    return front;
  }

  /** The chart as PNG bytes; works headless. */
  public static byte[] png(String title, List<Point> points) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double maxBytes = points.stream().mapToDouble(p -> p.keptBytes).max().orElse(1);
    boolean mib = maxBytes >= 1 << 20;
    double unit = mib ? 1 << 20 : 1 << 10;
    XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
        .xAxisTitle("time per step (ms: median, bar from fastest to slowest step)")
        .yAxisTitle("peak kept activations (" + (mib ? "MiB" : "KiB") + ", JOL)").build();
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
    chart.getStyler().setMarkerSize(9);
    List<Integer> front = paretoFrontier(points);
    double[] fx = new double[front.size()];
    double[] fy = new double[front.size()];
    for (int k = 0; k < front.size(); k++) {
      fx[k] = points.get(front.get(k)).stepMs;
      fy[k] = points.get(front.get(k)).keptBytes / unit;
    }
    XYSeries frontier = chart.addSeries("Pareto frontier", fx, fy);
    frontier.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    frontier.setMarker(SeriesMarkers.NONE);
    frontier.setLineColor(new Color(200, 60, 60));
    frontier.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
        new float[] {6f, 4f}, 0f));
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMax = 0;
    for (Point p : points) {
      xMin = Math.min(xMin, p.minMs);
      xMax = Math.max(xMax, p.maxMs);
      yMax = Math.max(yMax, p.keptBytes / unit);
    }
    double xRange = Math.max(xMax - xMin, 1e-9);
    double yTop = yMax * 1.15 + 1e-9;
    List<double[]> placed = new ArrayList<>();
    for (Point p : points) {
      double y = p.keptBytes / unit;
      XYSeries s = chart.addSeries(p.label, new double[] {p.stepMs}, new double[] {y});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      if (p.maxMs > p.minMs) {
        XYSeries spread = chart.addSeries(p.label + " min–max", new double[] {p.minMs, p.maxMs}, new double[] {y, y});
        spread.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        spread.setMarker(SeriesMarkers.NONE);
        spread.setLineColor(s.getMarkerColor() != null ? s.getMarkerColor() : Color.GRAY);
        spread.setShowInLegend(false);
      }
      // label above the point; step further up (then below) while it would overlap a placed label
      double[] offsets = {0.04, 0.08, -0.04, 0.12, -0.08, 0.16};
      double ly = y + offsets[0] * yTop;
      for (double off : offsets) {
        ly = y + off * yTop;
        boolean clash = false;
        for (double[] q : placed) {
          clash |= Math.abs(q[0] - p.stepMs) < 0.12 * xRange && Math.abs(q[1] - ly) < 0.035 * yTop;
        }
        if (!clash) {
          break;
        }
      }
      placed.add(new double[] {p.stepMs, ly});
      chart.addAnnotation(new AnnotationText(p.label, p.stepMs, ly, false));
    }
    double pad = Math.max(xRange * 0.12, xMax * 0.02 + 1e-9);
    chart.getStyler().setXAxisMin(Math.max(0, xMin - pad));
    chart.getStyler().setXAxisMax(xMax + pad);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(yTop);
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }
}
