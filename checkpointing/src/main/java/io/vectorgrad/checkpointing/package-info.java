/**
 * Activation checkpointing: schedules that decide which layer inputs the backward pass keeps and which it
 * recomputes (every-k, sqrt-n, Revolve, memory budget, manual), and the planner that predicts their cost.
 */
package io.vectorgrad.checkpointing;
