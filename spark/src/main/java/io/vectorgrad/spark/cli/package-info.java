/** {@code vectorgrad spark-train}, a picocli main also usable as the {@code spark-submit} main class, and {@code spark-compare-mllib}, vectorgrad against MLlib on one DataFrame. */
package io.vectorgrad.spark.cli;
