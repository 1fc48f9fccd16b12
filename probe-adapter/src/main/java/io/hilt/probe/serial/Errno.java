package io.hilt.probe.serial;

/** Names for the Linux errno values a serial port reports, for messages. */
final class Errno {
  private Errno() {}

  static String describe(int errno) {
    String name =
        switch (errno) {
          case 1 -> "EPERM";
          case 2 -> "ENOENT: no such device";
          case 5 -> "EIO: the device went away";
          case 6 -> "ENXIO: no such device or address";
          case 11 -> "EAGAIN";
          case 13 -> "EACCES: permission denied (is the user in the dialout group?)";
          case 16 -> "EBUSY: the port is in use";
          case 19 -> "ENODEV: no such device";
          case 22 -> "EINVAL: the device does not support this setting";
          case 25 ->
              "ENOTTY: the device has no such control (pseudo-terminals have no modem lines)";
          case 32 -> "EPIPE";
          case 110 -> "ETIMEDOUT";
          default -> "";
        };
    return name.isEmpty() ? "errno " + errno : "errno " + errno + " " + name;
  }
}
