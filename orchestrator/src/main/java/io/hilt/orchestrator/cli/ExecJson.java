package io.hilt.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.orchestrator.steps.DetectedFault;
import io.hilt.orchestrator.steps.StopReasons;
import io.hilt.probe.target.StopReason;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a {@code hilt exec} run as one line of JSON (docs/cli.md): how the core stopped, the
 * exit status, hilt's message and the decoded fault ({@code FaultReport.fields()}).
 */
final class ExecJson {
  private ExecJson() {}

  static String of(
      StopReason reason, int exitCode, Optional<String> message, Optional<DetectedFault> fault) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stop", StopReasons.kind(reason));
    m.put("exitCode", exitCode);
    StopReasons.exitCode(reason).ifPresent(c -> m.put("firmwareExitCode", c));
    message.ifPresent(text -> m.put("message", text));
    fault.ifPresent(f -> m.put("fault", fault(f)));
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings, numbers and lists always serialize", e);
    }
  }

  private static Map<String, Object> fault(DetectedFault f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detectedBy", f.how().id());
    m.put("summary", f.summary());
    f.report().ifPresent(r -> m.put("report", r.fields()));
    f.analysisProblem().ifPresent(p -> m.put("analysisProblem", p));
    return m;
  }
}
