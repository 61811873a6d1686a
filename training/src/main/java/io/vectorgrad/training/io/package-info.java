/**
 * Model files: a generic, validating reader and atomic writer of the safetensors format ({@code SafeTensors}),
 * the mapping of a {@code Model} to tensors {@code layers.{i}.weight}/{@code layers.{i}.bias} plus its
 * architecture in the metadata ({@code ModelFiles}), and the small strict JSON parser the header needs.
 */
package io.vectorgrad.training.io;
