/** Gradient checking against double-precision central differences. */
package io.vectorgrad.training.gradcheck;
