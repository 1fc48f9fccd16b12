package io.hilt.probe.drivers.probers;

import io.hilt.probe.target.TargetException;
import java.util.Objects;

/** A probe-rs call failed; {@link #failure()} says what kind of infrastructure trouble it was. */
public final class ProbeRsException extends TargetException {
  private static final long serialVersionUID = 1L;

  private final ProbeRsFailure failure;

  /**
   * @param detail what was being done and probe-rs's quoted message
   * @param context extra facts (exit status, command), may be empty
   */
  public ProbeRsException(ProbeRsFailure failure, String detail, String context) {
    super(message(failure, detail, context));
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public ProbeRsException(ProbeRsFailure failure, String detail, String context, Throwable cause) {
    super(message(failure, detail, context), cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public ProbeRsFailure failure() {
    return failure;
  }

  private static String message(ProbeRsFailure failure, String detail, String context) {
    StringBuilder b = new StringBuilder();
    b.append(failure.meaning()).append(": ").append(detail);
    if (!context.isEmpty()) {
      b.append(" (").append(context).append(')');
    }
    b.append("\nhint: ").append(failure.hint());
    return b.toString();
  }
}
