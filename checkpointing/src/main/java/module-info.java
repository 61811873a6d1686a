/** vectorgrad's activation checkpointing: schedules (every-k, sqrt-n, Revolve, memory budget) and their planner. */
module io.vectorgrad.checkpointing {
  requires transitive io.vectorgrad.training;

  exports io.vectorgrad.checkpointing;
}
