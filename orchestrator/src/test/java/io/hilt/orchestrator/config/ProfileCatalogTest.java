package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCatalogTest {
  @TempDir Path dir;

  private static final String PROFILE =
      """
      name: %s
      arch: cortex-m0plus
      driver: sim
      memory: { ram: { start: 0x20000000, size: 64KiB } }
      """;

  @Test
  void findsProfilesByNameAndSuggestsOnTypos() throws IOException {
    Files.writeString(dir.resolve("a.yaml"), PROFILE.formatted("sim-cortex-m0plus"));
    Files.writeString(dir.resolve("b.yml"), PROFILE.formatted("nucleo-f411re"));
    Files.writeString(dir.resolve("readme.md"), "not a profile");

    ProfileCatalog catalog = ProfileCatalog.load(dir);

    assertThat(catalog.all())
        .extracting(DeviceProfile::name)
        .containsExactly("sim-cortex-m0plus", "nucleo-f411re");
    assertThat(catalog.find("nucleo-f411re")).isPresent();
    assertThat(catalog.find("other")).isEmpty();
    assertThatThrownBy(() -> catalog.require("sim-cortex-m0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown profile 'sim-cortex-m0'; did you mean 'sim-cortex-m0plus'?");
    assertThatThrownBy(() -> catalog.require("stm32"))
        .hasMessage("unknown profile 'stm32'; known profiles: sim-cortex-m0plus, nucleo-f411re");
  }

  @Test
  void reportsTheProblemsOfEveryBadProfileAndDuplicateNames() throws IOException {
    Path first = Files.writeString(dir.resolve("a.yaml"), PROFILE.formatted("same"));
    Path second = Files.writeString(dir.resolve("b.yaml"), PROFILE.formatted("same"));
    Path bad = Files.writeString(dir.resolve("c.yaml"), "name: c\narich: x\n");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ProfileCatalog.load(dir));

    assertThat(e.getMessage().lines())
        .contains(
            second + ":1:1: profile name 'same' is already used by " + first,
            bad + ":2:1: unknown key 'arich' in profile; did you mean 'arch'?");
  }

  @Test
  void aMissingFolderIsAConfigError() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> ProfileCatalog.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": profile folder not found");
  }
}
