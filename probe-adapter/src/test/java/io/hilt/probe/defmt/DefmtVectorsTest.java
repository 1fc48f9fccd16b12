package io.hilt.probe.defmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of {@code ../shared/vectors/defmt-vectors.json}, transcribed from defmt's own tests
 * (knurling-rs/defmt @ e628f436c1b5): one test per vector, named after its source.
 */
class DefmtVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static JsonNode vectors() throws IOException {
    return new ObjectMapper()
        .readTree(ProjectPaths.sharedVectors().resolve("defmt-vectors.json").toFile());
  }

  private static String name(JsonNode v, String id) {
    JsonNode s = v.get("source");
    return id
        + " ("
        + s.get("path").asText()
        + ":"
        + s.get("line").asText()
        + " "
        + s.get("test_fn").asText()
        + ")";
  }

  static DefmtTable table(JsonNode t) {
    List<TableEntry> entries = new ArrayList<>();
    for (JsonNode e : t.get("entries")) {
      Tag tag = Tag.valueOf(e.get("tag").asText().toUpperCase(Locale.ROOT));
      entries.add(TableEntry.of(e.get("index").asLong(), tag, e.get("format").asText()));
    }
    Optional<String> ts =
        t.get("timestamp").isNull() ? Optional.empty() : Optional.of(t.get("timestamp").asText());
    return DefmtTable.of(entries, ts, Encoding.RAW);
  }

  @TestFactory
  Stream<DynamicTest> frameDecoderVectors() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : vectors().get("frame_decoder_vectors")) {
      tests.add(DynamicTest.dynamicTest(name(v, v.get("id").asText()), () -> frameVector(v)));
    }
    assertThat(tests).hasSize(35);
    return tests.stream();
  }

  private static void frameVector(JsonNode v) {
    DefmtTable table = table(v.get("table"));
    byte[] input = HEX.parseHex(v.get("input_hex").asText());
    FrameResult r = table.decode(input);
    assertThat(r).isInstanceOf(FrameResult.Decoded.class);
    FrameResult.Decoded d = (FrameResult.Decoded) r;
    JsonNode expected = v.get("expected");
    if (expected.has("frame")) {
      JsonNode f = expected.get("frame");
      assertThat(d.frame().level().map(l -> l.name().toLowerCase(Locale.ROOT)))
          .contains(f.get("level").asText().toLowerCase(Locale.ROOT));
      assertThat(d.frame().index()).isEqualTo(f.get("index").asLong());
      assertThat(d.frame().format().text()).isEqualTo(f.get("format").asText());
      assertThat(args(d.frame().args())).isEqualTo(normalise(f.get("args")));
    }
    if (v.get("consumed_bytes_asserted").asBoolean()) {
      int consumed = expected.get("consumed").asInt();
      if (consumed > input.length) {
        // lib_all_integers says 66 for its 64 input bytes; upstream asserts bytes.len(), the
        // whole input, which is what a decoder can consume at most
        consumed = input.length;
      }
      assertThat(d.consumed()).isEqualTo(consumed);
    }
    if (expected.has("display")) {
      assertThat(d.frame().display()).isEqualTo(expected.get("display").asText());
    }
    if (expected.has("display_message")) {
      assertThat(d.frame().displayMessage()).isEqualTo(expected.get("display_message").asText());
    }
    if (expected.has("display_fragments")) {
      List<String> fragments = new ArrayList<>();
      expected.get("display_fragments").forEach(n -> fragments.add(n.asText()));
      assertThat(d.frame().displayFragments()).isEqualTo(fragments);
    }
  }

  /** Our arguments in the vectors' JSON shape ({@code {"Uxx": "42"}}), numbers as strings. */
  static ArrayNode args(List<Arg> args) {
    ArrayNode out = NODES.arrayNode();
    for (Arg a : args) {
      out.add(arg(a));
    }
    return out;
  }

  private static JsonNode arg(Arg a) {
    ObjectNode o = NODES.objectNode();
    if (a instanceof Arg.Uxx u) {
      o.put("Uxx", u.toBigInteger().toString());
    } else if (a instanceof Arg.Ixx i) {
      o.put("Ixx", i.toBigInteger().toString());
    } else if (a instanceof Arg.Bool b) {
      o.put("Bool", Boolean.toString(b.value()));
    } else if (a instanceof Arg.Format f) {
      o.set("Format", format(f));
    } else if (a instanceof Arg.FormatSequence s) {
      ArrayNode parts = NODES.arrayNode();
      s.parts().forEach(p -> parts.add(NODES.objectNode().set("Format", format(p))));
      o.set("FormatSequence", parts);
    } else {
      o.put(a.getClass().getSimpleName(), a.toString());
    }
    return o;
  }

  private static ObjectNode format(Arg.Format f) {
    ObjectNode inner = NODES.objectNode();
    inner.put("format", f.format().text());
    inner.set("args", args(f.args()));
    return inner;
  }

  /** Numbers become strings, nulls are dropped, so both sides compare as text. */
  static JsonNode normalise(JsonNode n) {
    if (n.isNumber() || n.isBoolean()) {
      return NODES.textNode(n.asText());
    }
    if (n.isArray()) {
      ArrayNode a = NODES.arrayNode();
      n.forEach(x -> a.add(normalise(x)));
      return a;
    }
    if (n.isObject()) {
      ObjectNode o = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!e.getValue().isNull()) {
          o.set(e.getKey(), normalise(e.getValue()));
        }
      }
      return o;
    }
    return n;
  }

  @TestFactory
  Stream<DynamicTest> rzcobsVectors() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : vectors().get("rzcobs_encoder_vectors").get("vectors")) {
      tests.add(
          DynamicTest.dynamicTest(
              name(v, v.get("id").asText()),
              () -> {
                byte[] frame = HEX.parseHex(v.get("frame_hex").asText());
                byte[] encoded = HEX.parseHex(v.get("encoded_hex").asText());
                assertThat(HEX.formatHex(Rzcobs.encode(frame)))
                    .isEqualTo(v.get("encoded_hex").asText());
                byte[] decoded = Rzcobs.decode(encoded, 0, encoded.length - 1).orElseThrow();
                assertThat(HEX.formatHex(decoded))
                    .isEqualTo(v.get("reference_decode_of_encoded_hex").asText());
                // the decoded frame is the original followed by at most 7 zero bytes
                assertThat(decoded.length - frame.length).isBetween(0, 7);
                assertThat(java.util.Arrays.copyOf(decoded, frame.length)).isEqualTo(frame);
              }));
    }
    assertThat(tests).hasSize(19);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> logFormatTemplateVectors() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : vectors().get("log_format_template_vectors")) {
      String template = v.get("template").asText();
      tests.add(
          DynamicTest.dynamicTest(
              name(v, template.replace("\n", "\\n")),
              () -> {
                if (v.get("ok").asBoolean()) {
                  LogTemplate t = LogTemplate.parse(template);
                  ArrayNode segments = NODES.arrayNode();
                  t.segments().forEach(s -> segments.add(segment(s)));
                  assertThat(segments).isEqualTo(normalise(v.get("segments")));
                } else {
                  assertThatThrownBy(() -> LogTemplate.parse(template))
                      .isInstanceOf(IllegalArgumentException.class)
                      .hasMessageContaining(template);
                }
              }));
    }
    assertThat(tests).hasSize(9);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> logFormatFragmentVectors() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : vectors().get("log_format_fragment_vectors")) {
      String fn = v.get("fn").asText();
      String input = v.get("input").asText();
      JsonNode expect = v.get("expect");
      boolean error = expect != null && expect.isTextual() && expect.asText().equals("error");
      tests.add(
          DynamicTest.dynamicTest(
              name(v, fn + " `" + input + "`"),
              () -> {
                switch (fn) {
                  case "parse_argument" -> {
                    if (error) {
                      assertThatThrownBy(() -> LogTemplate.parseArgument(input))
                          .isInstanceOf(IllegalArgumentException.class);
                    } else {
                      assertThat(segment(LogTemplate.parseArgument(input)))
                          .isEqualTo(normalise(expect));
                    }
                  }
                  case "parse_log_segment" ->
                      assertThat(segment(LogTemplate.parseArgument("{" + input + "}")))
                          .isEqualTo(normalise(expect));
                  case "parse_width_and_alignment" ->
                      assertThat(format(LogTemplate.parseParameters(input)))
                          .isEqualTo(normalise(expect));
                  case "parse_color" ->
                      assertThat(LogTemplate.parseParameters(input).color().map(c -> colorName(c)))
                          .contains(expect.get("Color").asText());
                  case "parse_string_segment" -> {
                    if (error) {
                      assertThatThrownBy(() -> LogTemplate.parseTextSegment(input))
                          .isInstanceOf(IllegalArgumentException.class);
                    } else {
                      assertThat(LogTemplate.parseTextSegment(input).text())
                          .isEqualTo(expect.get("String").asText());
                      assertThat(
                              input.substring(LogTemplate.parseTextSegment(input).text().length()))
                          .isEqualTo(expect.get("rest").asText());
                    }
                  }
                  case "build_formatted_string" -> {
                    JsonNode f = v.get("format");
                    String params =
                        f.get("color").asText().toLowerCase(Locale.ROOT)
                            + ":"
                            + f.get("style").get(0).asText().toLowerCase(Locale.ROOT)
                            + ":"
                            + (f.get("alignment").asText().equals("Left") ? "<" : ">")
                            + f.get("width").asInt();
                    assertThat(
                            LogTemplate.formatted(
                                input,
                                LogTemplate.parseParameters(params),
                                0,
                                Optional.of(Level.INFO),
                                false))
                        .isEqualTo(v.get("expect_without_ansi").asText());
                    // with escape codes the visible text is the same
                    assertThat(
                            LogTemplate.formatted(
                                    input,
                                    LogTemplate.parseParameters(params),
                                    0,
                                    Optional.of(Level.INFO),
                                    true)
                                .replaceAll("\u001b\\[[0-9;]*m", ""))
                        .isEqualTo(v.get("expect_without_ansi").asText());
                  }
                  default -> throw new AssertionError("unknown vector function " + fn);
                }
              }));
    }
    assertThat(tests).hasSize(13);
    return tests.stream();
  }

  /** A segment in the vectors' JSON shape. */
  private static JsonNode segment(LogTemplate.Segment s) {
    String name =
        switch (s.field()) {
          case TEXT -> "String";
          case TIMESTAMP -> "Timestamp";
          case LEVEL -> "LogLevel";
          case MESSAGE -> "Log";
          case MODULE_PATH -> "ModulePath";
          case FILE_PATH -> "FilePath";
          case FILE_NAME -> "FileName(" + s.fileComponents() + ")";
          case LINE -> "LineNumber";
          case CRATE -> "CrateName";
          case GROUP -> "Nested";
        };
    if (s.field() == LogTemplate.Field.TEXT) {
      return NODES.objectNode().put("String", s.text());
    }
    ObjectNode format = format(s.format());
    if (s.field() == LogTemplate.Field.GROUP) {
      ArrayNode children = NODES.arrayNode();
      s.children().forEach(c -> children.add(segment(c)));
      format.set("segments", children);
    }
    if (format.isEmpty()) {
      return NODES.textNode(name);
    }
    return NODES.objectNode().set(name, format);
  }

  private static ObjectNode format(LogTemplate.Format f) {
    ObjectNode o = NODES.objectNode();
    f.color().ifPresent(c -> o.put("color", colorName(c)));
    if (!f.styles().isEmpty()) {
      ArrayNode styles = o.putArray("style");
      f.styles().forEach(s -> styles.add(capitalised(s.name())));
    }
    f.width().ifPresent(w -> o.put("width", Integer.toString(w)));
    f.padding().ifPresent(p -> o.put("padding", capitalised(p.name())));
    f.alignment().ifPresent(a -> o.put("alignment", capitalised(a.name())));
    return o;
  }

  private static String colorName(LogTemplate.Color c) {
    return switch (c) {
      case SEVERITY -> "SeverityLevel";
      case WARN_ERROR -> "WarnError";
      default -> capitalised(c.name());
    };
  }

  private static String capitalised(String s) {
    return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
  }
}
