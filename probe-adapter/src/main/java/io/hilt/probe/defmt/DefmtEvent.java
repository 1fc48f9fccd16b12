package io.hilt.probe.defmt;

/** What the stream decoder emits: a log line, or bytes that did not decode. */
public sealed interface DefmtEvent permits LogRecord, UndecodableFrame {
  /** One line of text for a console or report. */
  String display();
}
