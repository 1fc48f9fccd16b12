package io.hilt.orchestrator.steps;

/**
 * The stack region cannot be found or makes no sense for the board: the firmware or profile is
 * wrong, not the board.
 */
public class StackRegionException extends RuntimeException {
  public StackRegionException(String message) {
    super(message);
  }
}
