package io.hilt.probe.defmt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed defmt format string: literals and parameters {@code {index=type:hint}}, as defmt's
 * parser reads them in forwards-compatible mode (unknown hints are kept, not errors).
 *
 * @param fragments in order
 * @param decodeOrder the parameters in wire order: one per argument index, ascending, the bitfields
 *     of one index merged into one range
 */
public record FormatString(String text, List<Fragment> fragments, List<Parameter> decodeOrder) {
  /** Most arguments a format string may have (defmt has no limit; this bounds bad input). */
  static final int MAX_ARGUMENTS = 1024;

  /** A part of a format string. */
  public sealed interface Fragment permits Literal, Parameter {}

  /** Literal text with {@code {{}} and {@code }}} unescaped. */
  public record Literal(String text) implements Fragment {
    public Literal {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A parameter: which argument, its type and optional display hint. */
  public record Parameter(int index, ArgType type, Optional<DisplayHint> hint) implements Fragment {
    public Parameter {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(hint, "hint");
    }
  }

  public FormatString {
    Objects.requireNonNull(text, "text");
    fragments = List.copyOf(fragments);
    decodeOrder = List.copyOf(decodeOrder);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException with what is wrong (unmatched brace, bad type, unused index)
   */
  public static FormatString parse(String text) {
    List<Fragment> fragments = new ArrayList<>();
    int literalStart = 0;
    int nextIndex = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '{') {
        i++;
        continue;
      }
      if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
        i += 2;
        continue;
      }
      if (i > literalStart) {
        fragments.add(literal(text.substring(literalStart, i)));
      }
      int close = text.indexOf('}', i + 1);
      if (close < 0) {
        throw new IllegalArgumentException("unmatched `{` in format string");
      }
      ParsedParam p = parseParam(text.substring(i + 1, close));
      int index;
      if (p.index >= 0) {
        index = p.index;
      } else {
        index = nextIndex++;
      }
      if (index >= MAX_ARGUMENTS) {
        throw new IllegalArgumentException("argument index " + index + " is too large");
      }
      fragments.add(new Parameter(index, p.type, p.hint));
      i = close + 1;
      literalStart = i;
    }
    if (literalStart < text.length()) {
      fragments.add(literal(text.substring(literalStart)));
    }
    return new FormatString(text, fragments, decodeOrder(fragments));
  }

  private static List<Parameter> decodeOrder(List<Fragment> fragments) {
    List<Parameter> byIndex = new ArrayList<>();
    for (Fragment f : fragments) {
      if (!(f instanceof Parameter p)) {
        continue;
      }
      while (byIndex.size() <= p.index()) {
        byIndex.add(null);
      }
      Parameter seen = byIndex.get(p.index());
      if (seen == null) {
        byIndex.set(p.index(), p);
      } else if (seen.type().kind() == ArgType.Kind.BITFIELD
          && p.type().kind() == ArgType.Kind.BITFIELD) {
        int start = Math.min(seen.type().first(), p.type().first());
        int end = Math.max(seen.type().second(), p.type().second());
        byIndex.set(
            p.index(),
            new Parameter(
                p.index(), new ArgType(ArgType.Kind.BITFIELD, start, end), Optional.empty()));
      } else if (!seen.type().equals(p.type())) {
        throw new IllegalArgumentException(
            "conflicting types for argument "
                + p.index()
                + ": used as "
                + seen.type().kind()
                + " and "
                + p.type().kind());
      }
    }
    for (int i = 0; i < byIndex.size(); i++) {
      if (byIndex.get(i) == null) {
        throw new IllegalArgumentException("argument " + i + " is not used in this format string");
      }
    }
    return Collections.unmodifiableList(byIndex);
  }

  private static Literal literal(String raw) {
    boolean open = false;
    boolean close = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '{') {
        open = !open;
      } else if (c == '}') {
        close = !close;
      } else if (open) {
        throw new IllegalArgumentException("unmatched `{` in format string");
      } else if (close) {
        throw new IllegalArgumentException("unmatched `}` in format string");
      }
    }
    if (open) {
      throw new IllegalArgumentException("unmatched `{` in format string");
    }
    if (close) {
      throw new IllegalArgumentException("unmatched `}` in format string");
    }
    return new Literal(raw.replace("{{", "{").replace("}}", "}"));
  }

  private record ParsedParam(int index, ArgType type, Optional<DisplayHint> hint) {}

  private static ParsedParam parseParam(String input) {
    int digits = 0;
    while (digits < input.length() && isAsciiDigit(input.charAt(digits))) {
      digits++;
    }
    int index = -1;
    if (digits > 0) {
      if (digits > 4) {
        throw new IllegalArgumentException(
            "argument index " + input.substring(0, digits) + " is too large");
      }
      index = Integer.parseInt(input.substring(0, digits));
    }
    String rest = input.substring(digits);
    ArgType type = ArgType.of(ArgType.Kind.FORMAT);
    if (rest.startsWith("=")) {
      rest = rest.substring(1);
      int colon = rest.indexOf(':');
      int end = colon < 0 ? rest.length() : colon;
      type = parseType(rest.substring(0, end));
      rest = rest.substring(end);
    }
    Optional<DisplayHint> hint = Optional.empty();
    if (rest.startsWith(":")) {
      rest = rest.substring(1);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(
            "malformed format string (missing display hint after ':')");
      }
      hint = Optional.of(DisplayHint.parse(rest));
    } else if (!rest.isEmpty()) {
      throw new IllegalArgumentException("unexpected content `" + rest + "` in format string");
    }
    return new ParsedParam(index, type, hint);
  }

  private static ArgType parseType(String s) {
    ArgType named = ArgType.named(s);
    if (named != null) {
      return named;
    }
    if (s.startsWith("[u8;")) {
      return new ArgType(ArgType.Kind.U8_ARRAY, arrayLength(s.substring(4)), 0);
    }
    if (s.startsWith("[?;")) {
      return new ArgType(ArgType.Kind.FORMAT_ARRAY, arrayLength(s.substring(3)), 0);
    }
    int dots = s.indexOf("..");
    if (dots > 0 && dots <= 3 && s.length() - dots - 2 <= 3) {
      String a = s.substring(0, dots);
      String b = s.substring(dots + 2);
      if (allDigits(a) && allDigits(b)) {
        int start = Integer.parseInt(a);
        int end = Integer.parseInt(b);
        if (end > start && start < 128 && end <= 128) {
          return new ArgType(ArgType.Kind.BITFIELD, start, end);
        }
      }
    }
    throw new IllegalArgumentException("invalid type specifier `" + s + "`");
  }

  private static int arrayLength(String s) {
    String t = s.stripLeading();
    if (!t.endsWith("]") || !allDigits(t.substring(0, t.length() - 1)) || t.length() > 11) {
      throw new IllegalArgumentException("invalid array specifier `" + s + "`");
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("array length " + n + " is too large");
    }
    return (int) n;
  }

  private static boolean allDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
