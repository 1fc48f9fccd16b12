package io.hilt.orchestrator.config;

import io.hilt.probe.serial.SerialLinkOptions;
import io.hilt.probe.serial.SerialSpec;
import java.util.Objects;

/**
 * A profile's {@code serial:} section: the board's console port and how to keep it open.
 *
 * @param spec where the port is ({@code port:} path, by-id or usb id, or {@code url:})
 * @param options line settings, reconnect deadline, DTR/RTS
 * @param location where the section was written
 */
public record SerialSettings(SerialSpec spec, SerialLinkOptions options, SourceLocation location) {
  public SerialSettings {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(location, "location");
  }
}
