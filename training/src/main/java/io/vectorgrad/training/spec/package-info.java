/**
 * The text forms users type (data sets, learning-rate schedules, optimizers, losses, activations, model
 * shapes) parsed into library objects, each with one list of accepted names that parsers, the command line
 * and the docs share; plus up-front checks that a requested size fits the Java heap.
 */
package io.vectorgrad.training.spec;
