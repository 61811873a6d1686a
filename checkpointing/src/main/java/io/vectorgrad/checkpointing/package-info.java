/**
 * Activation checkpointing: schedules that decide which block inputs the backward pass keeps and which it
 * recomputes, and the planner that predicts their cost before anything runs.
 *
 * <ul>
 *   <li>{@link io.vectorgrad.checkpointing.EveryK}, {@link io.vectorgrad.checkpointing.SqrtN},
 *       {@link io.vectorgrad.checkpointing.Manual}: keep segment starts, recompute each segment once;
 *   <li>{@link io.vectorgrad.checkpointing.Revolve}: Griewank–Walther binomial checkpointing;
 *   <li>{@link io.vectorgrad.checkpointing.SplitSchedule}: split points by dynamic programming for a buffer
 *       count, in this SPI's cheaper memory model;
 *   <li>{@link io.vectorgrad.checkpointing.MemoryBudget}: the least recomputation within a byte budget;
 *   <li>{@link io.vectorgrad.checkpointing.CheckpointPolicies#parse}: specs such as {@code every:4};
 *   <li>{@link io.vectorgrad.checkpointing.Planner} / {@link io.vectorgrad.checkpointing.Plan}: predictions.
 * </ul>
 *
 * <p>Every schedule compiles to one flat action list (forward, free, output gradient, backward) for the
 * network's shape; a single executor runs it over a buffer pool allocated in {@code prepare}, and the
 * planner replays the same list, so predicted and measured memory and forward counts agree exactly.
 * Recomputation is bit-exact because {@code BlockNetwork.forward} is deterministic within a step.
 */
package io.vectorgrad.checkpointing;
