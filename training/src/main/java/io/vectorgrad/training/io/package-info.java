/**
 * Model files and safe file writing: a generic, validating reader and writer of the safetensors format
 * ({@code SafeTensors}; F32, F16, BF16, F64 read as float, {@code HalfFloats}), the mapping of a
 * {@code Model} to tensors {@code layers.{i}.weight}/{@code layers.{i}.bias} plus its architecture in the
 * metadata ({@code ModelFiles}), PyTorch state dicts with any module names ({@code ModelFiles.load(file,
 * architecture)}), ONNX export and import on a small protobuf codec ({@code OnnxFiles}), the list of formats
 * ({@code ModelFormat}), the atomic writer every file goes through ({@code AtomicFiles}), and the up-front
 * check that a command's outputs destroy nothing ({@code OutputPaths}).
 */
package io.vectorgrad.training.io;
