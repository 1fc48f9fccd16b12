package io.hilt.orchestrator.results;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The test-result protocols a plan can choose with {@code results:}; see docs/results.md. */
public enum ResultsFormat {
  UNITY("unity", UnityParser::new),
  ZTEST("ztest", ZtestParser::new),
  DEFMT_TEST("defmt-test", DefmtTestParser::new),
  TAP("tap", TapParser::new);

  private final String id;
  private final Supplier<ResultParser> factory;

  ResultsFormat(String id, Supplier<ResultParser> factory) {
    this.id = id;
    this.factory = factory;
  }

  /** The name plans use. */
  public String id() {
    return id;
  }

  /** A new parser, for one run of the firmware. */
  public ResultParser newParser() {
    return factory.get();
  }

  public static Optional<ResultsFormat> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(ResultsFormat::id).toList();
  }
}
