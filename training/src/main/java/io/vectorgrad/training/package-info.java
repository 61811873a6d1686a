/**
 * Multi-layer perceptrons trained by backpropagation on the {@code simd-kernels} facades: layers, losses,
 * optimizers, the trainer, data sets, safetensors model files and a zero-garbage predictor.
 */
package io.vectorgrad.training;
