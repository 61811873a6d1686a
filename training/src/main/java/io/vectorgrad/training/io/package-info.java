/**
 * Model files and safe file writing: a generic, validating reader and writer of the safetensors format
 * ({@code SafeTensors}), the mapping of a {@code Model} to tensors {@code layers.{i}.weight}/{@code layers.{i}.bias}
 * plus its architecture in the metadata ({@code ModelFiles}), the atomic writer every file goes through
 * ({@code AtomicFiles}), and the up-front check that a command's outputs destroy nothing ({@code OutputPaths}).
 */
package io.vectorgrad.training.io;
