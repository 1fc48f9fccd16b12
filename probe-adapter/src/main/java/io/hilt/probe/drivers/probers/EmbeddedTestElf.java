package io.hilt.probe.drivers.probers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.elf.Section;
import io.hilt.probe.target.TargetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What probe-rs reads from an embedded-test ELF before it runs anything (probe-rs-tools {@code
 * src/bin/probe-rs/cmd/run.rs}, {@code EmbeddedTestElfInfo::from_elf}, 0.30 to 0.32): a test binary
 * has a section {@code .embedded_test} and a symbol {@code EMBEDDED_TEST_VERSION} (a 4-byte global
 * object in it) holding the protocol version. Version 1 (embedded-test 0.7) lists every test as a
 * 12-byte global object in that section, {@code (entry fn, module path ptr, module path len)},
 * whose symbol name is a JSON object {@code
 * {"name":..,"ignored":..,"should_panic":..[,"timeout":s]}}; the test's name is the module path
 * without its first component (the crate), {@code ::}, and the JSON name. Version 0 (embedded-test
 * before 0.7) has no records: probe-rs asks the firmware for the list over semihosting. Tests come
 * in symbol table order, which is the order probe-rs runs them in.
 *
 * @param version the protocol version (0 or 1)
 * @param tests the tests of a version 1 ELF, in symbol table order; empty for version 0
 */
public record EmbeddedTestElf(int version, List<Test> tests) {
  /** The section probe-rs looks for. */
  public static final String SECTION = ".embedded_test";

  /** The symbol holding the protocol version. */
  public static final String VERSION_SYMBOL = "EMBEDDED_TEST_VERSION";

  /** {@code sizeof((fn() -> !, &'static str))} on a 32-bit target. */
  static final int RECORD_SIZE = 12;

  /** Longest module path read. */
  static final int MAX_MODULE_PATH = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  public EmbeddedTestElf {
    tests = List.copyOf(tests);
  }

  /**
   * One test as probe-rs knows it from the ELF.
   *
   * @param name what libtest names it ({@code module::function}, crate left out)
   * @param timeoutSeconds the {@code #[timeout]} attribute; probe-rs's default is 60 s
   * @param address the entry function's address as stored (Thumb bit set), which probe-rs sends as
   *     {@code run_addr <decimal>}
   */
  public record Test(
      String name, boolean shouldPanic, boolean ignored, OptionalInt timeoutSeconds, long address) {
    public Test {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
    }
  }

  /** The ELF's embedded-test data; empty when it is not an embedded-test binary. */
  public static Optional<EmbeddedTestElf> read(ElfFile elf) {
    Optional<Section> section = elf.section(SECTION);
    Optional<ElfSymbol> versionSymbol = elf.symbol(VERSION_SYMBOL);
    if (section.isEmpty() || versionSymbol.isEmpty()) {
      return Optional.empty();
    }
    Section et = section.get();
    byte[] data = elf.sectionData(et);
    ElfSymbol v = versionSymbol.get();
    if (v.sectionIndex() != et.index() || v.size() != 4) {
      throw bad(elf, VERSION_SYMBOL + " is not a 4-byte object in " + SECTION);
    }
    int version = (int) word(elf, et, data, v.value());
    if (version == 0) {
      return Optional.of(new EmbeddedTestElf(0, List.of()));
    }
    if (version != 1) {
      throw bad(
          elf,
          "embedded-test protocol version "
              + Integer.toUnsignedString(version)
              + " (probe-rs 0.30 to 0.32 know versions 0 and 1)");
    }
    List<Test> tests = new ArrayList<>();
    for (ElfSymbol s : elf.symbols()) {
      if (s.binding() == ElfSymbol.STB_GLOBAL
          && s.type() == ElfSymbol.STT_OBJECT
          && s.sectionIndex() == et.index()
          && s.size() == RECORD_SIZE) {
        tests.add(test(elf, et, data, s));
      }
    }
    return Optional.of(new EmbeddedTestElf(1, tests));
  }

  private static Test test(ElfFile elf, Section et, byte[] data, ElfSymbol s) {
    long entry = word(elf, et, data, s.value());
    long pathAddress = word(elf, et, data, s.value() + 4);
    long pathLength = word(elf, et, data, s.value() + 8);
    String modulePath = modulePath(elf, pathAddress, pathLength, s.name());
    int crateEnd = modulePath.indexOf("::");
    if (crateEnd < 0) {
      throw bad(elf, "module path '" + modulePath + "' of test " + s.name() + " has no '::'");
    }
    JsonNode node;
    try {
      node = JSON.readTree(s.name());
    } catch (IOException e) {
      throw bad(elf, "test symbol is not JSON: " + s.name() + " (" + e.getMessage() + ")");
    }
    if (node == null
        || !node.path("name").isTextual()
        || !node.path("ignored").isBoolean()
        || !node.path("should_panic").isBoolean()) {
      throw bad(elf, "test symbol lacks name, ignored or should_panic: " + s.name());
    }
    JsonNode timeout = node.path("timeout");
    OptionalInt seconds = OptionalInt.empty();
    if (!timeout.isMissingNode() && !timeout.isNull()) {
      if (!timeout.canConvertToLong() || timeout.asLong() < 0 || timeout.asLong() > 0xFFFF_FFFFL) {
        throw bad(elf, "test timeout is not a number of seconds: " + s.name());
      }
      seconds = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, timeout.asLong()));
    }
    return new Test(
        modulePath.substring(crateEnd + 2) + "::" + node.path("name").asText(),
        node.path("should_panic").asBoolean(),
        node.path("ignored").asBoolean(),
        seconds,
        entry);
  }

  private static String modulePath(ElfFile elf, long address, long length, String symbol) {
    if (length > MAX_MODULE_PATH) {
      throw bad(elf, "module path of " + symbol + " is " + length + " bytes long");
    }
    for (Section s : elf.sections()) {
      if (s.hasFileData() && address >= s.address() && address + length <= s.address() + s.size()) {
        byte[] data = elf.sectionData(s);
        int from = (int) (address - s.address());
        try {
          return StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data, from, (int) length))
              .toString();
        } catch (CharacterCodingException e) {
          throw bad(elf, String.format("module path at 0x%08x is not UTF-8", address));
        }
      }
    }
    throw bad(
        elf, String.format("no section holds the module path at 0x%08x of %s", address, symbol));
  }

  private static long word(ElfFile elf, Section section, byte[] data, long address) {
    long at = address - section.address();
    if (at < 0 || at + 4 > data.length) {
      throw bad(
          elf,
          String.format(
              "0x%08x is outside %s (%d bytes at 0x%08x)",
              address, SECTION, data.length, section.address()));
    }
    int i = (int) at;
    return (data[i] & 0xffL)
        | (data[i + 1] & 0xffL) << 8
        | (data[i + 2] & 0xffL) << 16
        | (data[i + 3] & 0xffL) << 24;
  }

  private static TargetException bad(ElfFile elf, String what) {
    return new TargetException(elf.name() + ": not a readable embedded-test firmware: " + what);
  }
}
