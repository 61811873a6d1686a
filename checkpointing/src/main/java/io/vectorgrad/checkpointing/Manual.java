package io.vectorgrad.checkpointing;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keeps the inputs of exactly the listed blocks (strictly increasing, starting with block 0, whose input is
 * the mini-batch) and the output; backward works segment by segment like {@link EveryK}.
 */
public final class Manual extends PlannedSchedule {
  private final int[] blocks;

  /** @throws IllegalArgumentException when the list is empty, unsorted, has duplicates or misses block 0 */
  public Manual(int... blockIndices) {
    if (blockIndices == null || blockIndices.length == 0) {
      throw new IllegalArgumentException("manual: expected block indices such as manual:0,8,16 (starting with 0)");
    }
    this.blocks = blockIndices.clone();
    if (blocks[0] != 0) {
      throw new IllegalArgumentException(spec() + ": the list must start with block 0 (its input, the mini-batch,"
          + " is always kept)");
    }
    for (int i = 1; i < blocks.length; i++) {
      if (blocks[i] <= blocks[i - 1]) {
        throw new IllegalArgumentException(spec() + ": block indices must be strictly increasing (no duplicates),"
            + " got " + blocks[i] + " after " + blocks[i - 1]);
      }
    }
  }

  public int[] blocks() {
    return blocks.clone();
  }

  @Override
  public String spec() {
    return "manual:" + Arrays.stream(blocks).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  @Override
  ActionPlan actions(int[] widths, int batchSize) {
    int n = widths.length - 1;
    int last = blocks[blocks.length - 1];
    if (last >= n) {
      throw new IllegalArgumentException(spec() + ": block index " + last + " is out of range: indices must be"
          + " between 0 and " + (n - 1) + " (depth " + n + ")");
    }
    return segments(n, blocks);
  }
}
