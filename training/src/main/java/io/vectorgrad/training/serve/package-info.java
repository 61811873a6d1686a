/** Thread-safe, allocation-free inference for services. */
package io.vectorgrad.training.serve;
