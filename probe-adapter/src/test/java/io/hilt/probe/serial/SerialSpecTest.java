package io.hilt.probe.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SerialSpecTest {
  @Test
  void readsDevicePaths() {
    assertThat(SerialSpec.parse("/dev/ttyUSB0")).isEqualTo(new SerialSpec.Device("/dev/ttyUSB0"));
    assertThat(SerialSpec.parse(" /dev/serial/by-id/usb-FTDI_FT232R-if00-port0 "))
        .isEqualTo(new SerialSpec.Device("/dev/serial/by-id/usb-FTDI_FT232R-if00-port0"));
  }

  @Test
  void expandsByIdNames() {
    assertThat(SerialSpec.parse("by-id:usb-STMicroelectronics_STLink-if02"))
        .isEqualTo(new SerialSpec.Device("/dev/serial/by-id/usb-STMicroelectronics_STLink-if02"));
  }

  @Test
  void readsUsbIdsInHexWithAnOptionalSerialNumber() {
    assertThat(SerialSpec.parse("usb:0483:374B"))
        .isEqualTo(new SerialSpec.Usb(0x0483, 0x374b, Optional.empty()));
    SerialSpec.Usb withSerial = (SerialSpec.Usb) SerialSpec.parse("usb:303a:1001:F4:12:FA");
    assertThat(withSerial.serialNumber()).contains("F4:12:FA");
    assertThat(withSerial.text()).isEqualTo("usb:303a:1001:F4:12:FA");
  }

  @Test
  void readsNetworkUrlsIncludingIpv6() {
    assertThat(SerialSpec.parse("rfc2217://lab-pi:2000"))
        .isEqualTo(new SerialSpec.Rfc2217("lab-pi", 2000));
    assertThat(SerialSpec.parse("RFC2217://[::1]:4000/"))
        .isEqualTo(new SerialSpec.Rfc2217("::1", 4000));
    assertThat(SerialSpec.parse("tcp://127.0.0.1:3000"))
        .isEqualTo(new SerialSpec.Tcp("127.0.0.1", 3000));
    assertThat(new SerialSpec.Rfc2217("::1", 4000).text()).isEqualTo("rfc2217://[::1]:4000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/dev/ttyACM0",
        "by-id:x",
        "usb:1:2",
        "usb:0483:374b:ABC",
        "rfc2217://h:1",
        "tcp://[::1]:65535"
      })
  void writesBackWhatItReads(String text) {
    SerialSpec spec = SerialSpec.parse(text);
    assertThat(SerialSpec.parse(spec.text())).isEqualTo(spec);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ttyUSB0",
        "COM3",
        "usb:",
        "usb:12345:1",
        "usb:zz:01",
        "by-id:",
        "by-id:a/b",
        "rfc2217://host",
        "rfc2217://:200",
        "rfc2217://host:0",
        "rfc2217://host:70000",
        "tcp://host:port",
        "tcp://::1:80",
        "telnet://host:23"
      })
  void rejectsWhatItCannotReadNamingTheFormsItTakes(String text) {
    assertThatThrownBy(() -> SerialSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad serial port '" + text + "'")
        .hasMessageContaining("usb:VID:PID[:SERIAL]");
  }
}
