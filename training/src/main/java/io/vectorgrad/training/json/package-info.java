/**
 * A small strict JSON parser and string quoting, shared by the safetensors reader, architecture strings and
 * the CLI's reports; a package of its own so that {@code model} and {@code io} need not depend on each other.
 */
package io.vectorgrad.training.json;
