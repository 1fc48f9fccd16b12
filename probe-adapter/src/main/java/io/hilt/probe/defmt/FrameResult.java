package io.hilt.probe.defmt;

import java.util.Objects;

/** The outcome of decoding one frame: never an exception. */
public sealed interface FrameResult {
  /**
   * A decoded frame.
   *
   * @param consumed bytes of the input the frame took
   */
  record Decoded(DefmtFrame frame, int consumed) implements FrameResult {
    public Decoded {
      Objects.requireNonNull(frame, "frame");
    }
  }

  /**
   * The bytes are not a frame of this table.
   *
   * @param endOfInput the input ended inside the frame (more bytes may complete it)
   * @param reason what did not fit, with the offset
   */
  record Failed(boolean endOfInput, String reason) implements FrameResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
