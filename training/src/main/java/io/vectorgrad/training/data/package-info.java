/** Data sets and their readers: the {@code Dataset} abstraction, IDX (MNIST format), CSV, XOR and spirals. */
package io.vectorgrad.training.data;
