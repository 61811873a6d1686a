package io.vectorgrad.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session the command-line mains start. */
final class Sessions {
  private Sessions() {}

  /**
   * A session on {@code master}, else on {@code spark.master} (as {@code spark-submit} sets it), else on
   * {@code local[2]}; a local master gets every endpoint on the loopback address and no web UI.
   */
  static SparkSession start(String appName, String master) {
    boolean configured = new SparkConf().contains("spark.master");
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (!configured) {
      b.master("local[2]");
    }
    if (master == null ? !configured : master.startsWith("local")) {
      b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false");
    }
    try {
      return b.getOrCreate();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Spark did not start on JDK " + Runtime.version().feature() + " (Spark 4.0 runs"
          + " on JDK 17 and 21): " + e.getMessage(), e);
    }
  }
}
