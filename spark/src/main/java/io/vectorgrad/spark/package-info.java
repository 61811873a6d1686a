/**
 * Data-parallel training on Apache Spark: {@link io.vectorgrad.spark.VectorgradClassifier} (a Spark ML
 * Estimator) runs one barrier task per partition; every step all-gathers the tasks' gradients and applies
 * their row-weighted mean in partition order, so all tasks keep identical weights. Spark is a provided
 * dependency: nothing else in vectorgrad depends on this module.
 */
package io.vectorgrad.spark;
