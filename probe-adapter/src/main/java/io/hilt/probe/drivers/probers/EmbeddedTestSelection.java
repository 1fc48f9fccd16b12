package io.hilt.probe.drivers.probers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which tests of an embedded-test firmware {@code probe-rs run} runs: its libtest options, applied
 * the way libtest-mimic 0.8 does ({@code Arguments::is_filtered_out} and {@code is_ignored} in its
 * {@code lib.rs}). probe-rs joins several filters with a space into libtest-mimic's one filter
 * ({@code cmd/run.rs}), so one filter is all that is offered here.
 *
 * @param filter {@code TEST_FILTER}: only tests whose name contains it (equals it with {@code
 *     exact})
 * @param exact {@code --exact}: the filter and skips match whole names
 * @param skip {@code --skip-test}: tests whose name contains (equals, with {@code exact}) one of
 *     these are left out
 * @param includeIgnored {@code --include-ignored}: tests marked {@code #[ignore]} run too
 */
public record EmbeddedTestSelection(
    Optional<String> filter, boolean exact, List<String> skip, boolean includeIgnored) {
  /** Every test, ignored ones reported as ignored (probe-rs's default). */
  public static final EmbeddedTestSelection ALL =
      new EmbeddedTestSelection(Optional.empty(), false, List.of(), false);

  public EmbeddedTestSelection {
    Objects.requireNonNull(filter, "filter");
    skip = List.copyOf(skip);
    filter.ifPresent(EmbeddedTestSelection::checkArgument);
    skip.forEach(EmbeddedTestSelection::checkArgument);
  }

  private static void checkArgument(String s) {
    if (s.isEmpty() || s.startsWith("-") || s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "test filter '" + s + "' must be non-empty and must not start with '-'");
    }
  }

  /** Whether the test named so is in the run (reported, as passed, failed or ignored). */
  public boolean selects(String name) {
    if (filter.isPresent() && !(exact ? name.equals(filter.get()) : name.contains(filter.get()))) {
      return false;
    }
    for (String s : skip) {
      if (exact ? name.equals(s) : name.contains(s)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a selected test is reported as ignored instead of run. */
  public boolean ignores(EmbeddedTestElf.Test test) {
    return test.ignored() && !includeIgnored;
  }

  /** The tests of {@code all} that the run reports, in the order it runs them. */
  public List<EmbeddedTestElf.Test> apply(List<EmbeddedTestElf.Test> all) {
    return all.stream().filter(t -> selects(t.name())).toList();
  }
}
