/** {@code vectorgrad spark-train}, a picocli main also usable as the {@code spark-submit} main class. */
package io.vectorgrad.spark.cli;
