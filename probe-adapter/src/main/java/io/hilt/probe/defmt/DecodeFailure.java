package io.hilt.probe.defmt;

/** Internal: unwinds the frame decoder; always turned into a {@link FrameResult.Failed}. */
final class DecodeFailure extends RuntimeException {
  final boolean endOfInput;

  DecodeFailure(boolean endOfInput, String reason) {
    super(reason, null, false, false);
    this.endOfInput = endOfInput;
  }
}
