package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsbPortTest {
  private static final UsbPort UART = port("/dev/ttyS0", -1, -1, null, "Physical Port S0");
  private static final UsbPort STLINK_A = port("/dev/ttyACM0", 0x0483, 0x374b, "066DFF", "STLink");
  private static final UsbPort STLINK_B = port("/dev/ttyACM1", 0x0483, 0x374b, "0670FF", "STLink");
  private static final UsbPort FTDI_0 = port("/dev/ttyUSB0", 0x0403, 0x6010, "FT1", "Dual RS232");
  private static final UsbPort FTDI_1 = port("/dev/ttyUSB1", 0x0403, 0x6010, "FT1", "Dual RS232");

  private static UsbPort port(String path, int vid, int pid, String serial, String description) {
    return new UsbPort(
        path,
        vid < 0 ? Optional.empty() : Optional.of(vid),
        pid < 0 ? Optional.empty() : Optional.of(pid),
        Optional.ofNullable(serial),
        description);
  }

  private static SerialSpec.Usb usb(String text) {
    return (SerialSpec.Usb) SerialSpec.parse(text);
  }

  @Test
  void picksTheOnePortOfADevice() {
    assertThat(UsbPort.select(usb("usb:0483:374b:0670FF"), List.of(UART, STLINK_A, STLINK_B)))
        .isEqualTo(STLINK_B);
    assertThat(UsbPort.select(usb("usb:403:6010"), List.of(UART, STLINK_A, FTDI_0)))
        .isEqualTo(FTDI_0);
  }

  @Test
  void noMatchListsEveryPortSeen() {
    assertThatThrownBy(() -> UsbPort.select(usb("usb:303a:1001"), List.of(UART, STLINK_A)))
        .isInstanceOf(SerialException.class)
        .hasMessage(
            "no serial port of USB device 303a:1001; ports seen: /dev/ttyS0 (not USB),"
                + " /dev/ttyACM0 (0483:374b serial 066DFF, STLink)");
    assertThatThrownBy(() -> UsbPort.select(usb("usb:303a:1001"), List.of()))
        .hasMessageEndingWith("ports seen: none");
  }

  @Test
  void severalMatchesAskForTheSerialNumber() {
    assertThatThrownBy(() -> UsbPort.select(usb("usb:0483:374b"), List.of(STLINK_A, STLINK_B)))
        .isInstanceOf(SerialException.class)
        .hasMessageContaining("2 serial ports match USB device 0483:374b: /dev/ttyACM0")
        .hasMessageContaining("/dev/ttyACM1")
        .hasMessageEndingWith("add the serial number (usb:VID:PID:SERIAL)");
  }

  @Test
  void severalInterfacesOfOneDevicePointToByIdPaths() {
    assertThatThrownBy(() -> UsbPort.select(usb("usb:0403:6010:FT1"), List.of(FTDI_0, FTDI_1)))
        .hasMessageEndingWith("name one by its /dev/serial/by-id path");
  }
}
