package io.hilt.orchestrator.report;

/**
 * Keys of the {@link org.junit.platform.engine.reporting.ReportEntry} values hilt's engine
 * publishes while a plan or test runs; the reports here read them.
 *
 * <ul>
 *   <li>{@value #SYSTEM_OUT}: target output text, appended to the test's (or plan's) system-out
 *   <li>{@value #SYSTEM_ERR}: text appended to system-err
 *   <li>{@value #PROPERTY_PREFIX}{@code name}: a property such as {@code profile}, {@code
 *       firmware}, {@code firmware.sha256}, {@code stack.used-bytes}. Published on a plan it is a
 *       property of the plan's {@code <testsuite>}; published on a test it becomes the suite
 *       property {@code "<test name> › name"} (JUnit XML has no per-test properties), unless the
 *       suite already has that property with the same value.
 * </ul>
 *
 * Other entries are kept as {@code key = value} lines in system-out.
 */
public final class ReportKeys {
  public static final String SYSTEM_OUT = "hilt.system-out";
  public static final String SYSTEM_ERR = "hilt.system-err";
  public static final String PROPERTY_PREFIX = "hilt.property.";

  private ReportKeys() {}
}
