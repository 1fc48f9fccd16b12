package io.hilt.probe.serial;

/** Receives what happens on a {@link SerialLink}, on the link's reader thread. */
@FunctionalInterface
public interface SerialListener {
  void onEvent(SerialEvent event);
}
