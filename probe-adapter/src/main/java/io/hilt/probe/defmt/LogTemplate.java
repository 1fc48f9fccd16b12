package io.hilt.probe.defmt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A log line template in defmt-decoder's {@code --log-format} syntax, for example {@code {t} [{L}]
 * {s}\n└─ {m} @ {F}:{l}}:
 *
 * <ul>
 *   <li>specifiers: {@code t} timestamp, {@code L} level, {@code s} message (required), {@code m}
 *       module path, {@code F} file path, {@code f}/{@code ff}/... the last 1/2/... path
 *       components, {@code l} line, {@code c} crate;
 *   <li>after {@code :}, in any order: a color ({@code red}..., {@code severity}, {@code werror}),
 *       styles ({@code bold italic underline strike dimmed}, each once), width and alignment
 *       ({@code <8}, {@code ^8}, {@code >8}, {@code 08} pads with zeros);
 *   <li>groups: {@code {[{L}]%bold}} formats what is inside together, its own parameters after
 *       {@code %}; groups nest.
 * </ul>
 *
 * Braces and {@code %} cannot be escaped (as in defmt).
 */
public record LogTemplate(String text, List<Segment> segments) {
  /** What a segment shows. */
  public enum Field {
    TEXT,
    TIMESTAMP,
    LEVEL,
    MESSAGE,
    MODULE_PATH,
    FILE_PATH,
    FILE_NAME,
    LINE,
    CRATE,
    GROUP
  }

  public enum Alignment {
    LEFT,
    CENTER,
    RIGHT
  }

  public enum Padding {
    SPACE,
    ZERO
  }

  public enum Style {
    BOLD,
    ITALIC,
    UNDERLINE,
    STRIKE,
    DIMMED
  }

  /** Colors a segment can take: a fixed one, the level's, or the level's for warn/error only. */
  public enum Color {
    BLACK(30),
    RED(31),
    GREEN(32),
    YELLOW(33),
    BLUE(34),
    MAGENTA(35),
    CYAN(36),
    WHITE(37),
    SEVERITY(0),
    WARN_ERROR(0);

    final int ansi;

    Color(int ansi) {
      this.ansi = ansi;
    }
  }

  /**
   * How a segment is formatted.
   *
   * @param styles in the order given
   * @param width minimum width in characters
   */
  public record Format(
      Optional<Color> color,
      List<Style> styles,
      OptionalInt width,
      Optional<Alignment> alignment,
      Optional<Padding> padding) {
    public Format {
      Objects.requireNonNull(color, "color");
      styles = List.copyOf(styles);
      Objects.requireNonNull(width, "width");
      Objects.requireNonNull(alignment, "alignment");
      Objects.requireNonNull(padding, "padding");
    }

    static final Format NONE =
        new Format(
            Optional.empty(), List.of(), OptionalInt.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * One segment.
   *
   * @param text for {@link Field#TEXT}
   * @param fileComponents for {@link Field#FILE_NAME}: how many trailing path components
   * @param children for {@link Field#GROUP}
   */
  public record Segment(
      Field field, String text, int fileComponents, List<Segment> children, Format format) {
    public Segment {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(text, "text");
      children = List.copyOf(children);
      Objects.requireNonNull(format, "format");
    }

    static Segment text(String text) {
      return new Segment(Field.TEXT, text, 0, List.of(), Format.NONE);
    }
  }

  /** defmt's default when a location is shown: {@code {t} {L} {s}\n└─ {m} @ {F}:{l}}. */
  public static final String DEFAULT_WITH_LOCATION = "{t} {L} {s}\n└─ {m} @ {F}:{l}";

  public LogTemplate {
    Objects.requireNonNull(text, "text");
    segments = List.copyOf(segments);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the position and the problem
   */
  public static LogTemplate parse(String template) {
    Parser p = new Parser(template);
    List<Segment> segments = p.sequence(0, template.length(), false).segments;
    if (!containsMessage(segments)) {
      throw new IllegalArgumentException(
          "log format `" + template + "` must contain a `{s}` format specifier");
    }
    return new LogTemplate(template, segments);
  }

  /** One {@code {...}} argument and nothing else (for tests of the grammar's parts). */
  static Segment parseArgument(String text) {
    Parser p = new Parser(text);
    if (text.isEmpty()
        || text.charAt(0) != '{'
        || p.matching(0, text.length()) != text.length() - 1) {
      throw new IllegalArgumentException("`" + text + "` is not one {...} argument");
    }
    return p.argument(1, text.length() - 1);
  }

  /** The leading text segment of {@code text} (up to the first brace or %). */
  static Segment parseTextSegment(String text) {
    int end = 0;
    while (end < text.length() && "{}%".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    if (end == 0) {
      throw new IllegalArgumentException("`" + text + "` does not start with text");
    }
    return Segment.text(text.substring(0, end));
  }

  /** Parameters separated by {@code :} ({@code >8:white}). */
  static Format parseParameters(String text) {
    return new Parser(text).parameters(List.of(text.split(":", -1)), 0);
  }

  private static boolean containsMessage(List<Segment> segments) {
    for (Segment s : segments) {
      if (s.field() == Field.MESSAGE
          || (s.field() == Field.GROUP && containsMessage(s.children()))) {
        return true;
      }
    }
    return false;
  }

  /** Renders a record; {@code ansi} adds color and style escape codes. */
  public String render(LogRecord record, boolean ansi) {
    StringBuilder b = new StringBuilder();
    for (Segment s : segments) {
      b.append(segment(s, record, ansi));
    }
    return b.toString();
  }

  private static String segment(Segment s, LogRecord r, boolean ansi) {
    Optional<Level> level = r.level();
    return switch (s.field()) {
      case TEXT -> s.text();
      case TIMESTAMP -> formatted(r.timestamp().orElse("<time>"), s.format(), 0, level, ansi);
      case LEVEL ->
          formatted(
              level.map(Level::label).orElse("<lvl>"),
              s.format().color().isPresent()
                  ? s.format()
                  : new Format(
                      Optional.of(Color.SEVERITY),
                      s.format().styles(),
                      s.format().width(),
                      s.format().alignment(),
                      s.format().padding()),
              5,
              level,
              ansi);
      case MESSAGE -> formatted(r.text(), s.format(), 0, level, ansi);
      case MODULE_PATH ->
          formatted(r.modulePath().orElse("<mod path>"), s.format(), 0, level, ansi);
      case FILE_PATH ->
          formatted(
              r.location().map(SourceLocation::file).orElse("<file>"), s.format(), 0, level, ansi);
      case FILE_NAME ->
          formatted(
              r.location().map(l -> l.fileName(s.fileComponents())).orElse("<file>"),
              s.format(),
              0,
              level,
              ansi);
      case LINE ->
          formatted(
              r.location().map(l -> Long.toString(l.line())).orElse("<line>"),
              s.format(),
              0,
              level,
              ansi);
      case CRATE -> formatted(crate(r), s.format(), 0, level, ansi);
      case GROUP -> {
        StringBuilder inner = new StringBuilder();
        for (Segment c : s.children()) {
          inner.append(segment(c, r, ansi));
        }
        yield formatted(inner.toString(), s.format(), 0, level, ansi);
      }
    };
  }

  private static String crate(LogRecord r) {
    if (r.crateName().isPresent()) {
      return r.crateName().get();
    }
    return r.modulePath()
        .filter(m -> m.contains("::"))
        .map(m -> m.substring(0, m.indexOf("::")))
        .orElse("<crate>");
  }

  /** Pads to the width (counted without escape codes), then applies color and styles. */
  static String formatted(
      String s, Format format, int defaultWidth, Optional<Level> level, boolean ansi) {
    int visible = visibleLength(s);
    int width = format.width().orElse(defaultWidth);
    char pad = format.padding().orElse(Padding.SPACE) == Padding.ZERO ? '0' : ' ';
    int missing = Math.max(0, width - visible);
    int left =
        switch (format.alignment().orElse(Alignment.LEFT)) {
          case LEFT -> 0;
          case CENTER -> missing / 2;
          case RIGHT -> missing;
        };
    String padded =
        String.valueOf(pad).repeat(left) + s + String.valueOf(pad).repeat(missing - left);
    if (!ansi) {
      return padded;
    }
    List<Integer> codes = new ArrayList<>();
    format.color().flatMap(c -> colorCode(c, level)).ifPresent(codes::add);
    for (Style st : format.styles()) {
      codes.add(
          switch (st) {
            case BOLD -> 1;
            case DIMMED -> 2;
            case ITALIC -> 3;
            case UNDERLINE -> 4;
            case STRIKE -> 9;
          });
    }
    if (codes.isEmpty()) {
      return padded;
    }
    StringBuilder b = new StringBuilder("\u001b[");
    for (int i = 0; i < codes.size(); i++) {
      b.append(i == 0 ? "" : ";").append(codes.get(i));
    }
    return b.append('m').append(padded).append("\u001b[0m").toString();
  }

  private static Optional<Integer> colorCode(Color c, Optional<Level> level) {
    return switch (c) {
      case SEVERITY -> level.map(LogTemplate::levelColor);
      case WARN_ERROR ->
          level.filter(l -> l.compareTo(Level.WARN) >= 0).map(LogTemplate::levelColor);
      default -> Optional.of(c.ansi);
    };
  }

  /**
   * The color of a level on a console: trace gray, debug white, info green, warn yellow, error red.
   */
  public static int levelColor(Level level) {
    return switch (level) {
      case TRACE -> 90;
      case DEBUG -> 37;
      case INFO -> 32;
      case WARN -> 33;
      case ERROR -> 31;
    };
  }

  private static int visibleLength(String s) {
    String plain = s.indexOf('\u001b') < 0 ? s : s.replaceAll("\u001b\\[[0-9;]*m", "");
    return plain.codePointCount(0, plain.length());
  }

  /** Recursive descent over the template text. */
  private static final class Parser {
    private final String t;

    Parser(String t) {
      this.t = t;
    }

    private record Parsed(List<Segment> segments, List<String> groupParams) {}

    /** Segments of {@code t[from, to)}; in a group, {@code %param} items are collected too. */
    Parsed sequence(int from, int to, boolean inGroup) {
      List<Segment> out = new ArrayList<>();
      List<String> params = new ArrayList<>();
      int i = from;
      while (i < to) {
        char c = t.charAt(i);
        if (c == '{') {
          int close = matching(i, to);
          out.add(argument(i + 1, close));
          i = close + 1;
        } else if (c == '%') {
          if (!inGroup) {
            throw error(i, "`%` outside a group (`{...%bold}`)");
          }
          int end = i + 1;
          while (end < to && t.charAt(end) != '%' && t.charAt(end) != '{') {
            end++;
          }
          if (end == i + 1) {
            throw error(i, "`%` without a parameter");
          }
          params.add(t.substring(i + 1, end));
          i = end;
        } else if (c == '}') {
          throw error(i, "unmatched `}`");
        } else {
          int end = i;
          while (end < to && "{}%".indexOf(t.charAt(end)) < 0) {
            end++;
          }
          out.add(Segment.text(t.substring(i, end)));
          i = end;
        }
      }
      return new Parsed(out, params);
    }

    private int matching(int open, int to) {
      int depth = 0;
      for (int i = open; i < to; i++) {
        char c = t.charAt(i);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          return i;
        }
      }
      throw error(open, "unmatched `{`");
    }

    private Segment argument(int from, int to) {
      if (t.substring(from, to).indexOf('{') >= 0) {
        Parsed inner = sequence(from, to, true);
        boolean hasSpecifier = inner.segments.stream().anyMatch(s -> s.field() != Field.TEXT);
        if (!hasSpecifier) {
          throw error(from, "a group needs a specifier such as {t} or {L}");
        }
        Format format = parameters(inner.groupParams, from);
        return new Segment(Field.GROUP, "", 0, inner.segments, format);
      }
      String[] parts = t.substring(from, to).split(":", -1);
      Field field = null;
      int components = 0;
      List<String> params = new ArrayList<>();
      for (String part : parts) {
        Optional<Field> f = field(part);
        if (f.isPresent()) {
          if (field != null) {
            throw error(from, "two specifiers in `{" + t.substring(from, to) + "}`");
          }
          field = f.get();
          components = f.get() == Field.FILE_NAME ? part.length() : 0;
        } else {
          params.add(part);
        }
      }
      if (field == null) {
        throw error(
            from,
            "`{" + t.substring(from, to) + "}` has no specifier (t, L, s, m, F, f, ff..., l, c)");
      }
      return new Segment(field, "", components, List.of(), parameters(params, from));
    }

    private static Optional<Field> field(String s) {
      return switch (s) {
        case "c" -> Optional.of(Field.CRATE);
        case "F" -> Optional.of(Field.FILE_PATH);
        case "l" -> Optional.of(Field.LINE);
        case "s" -> Optional.of(Field.MESSAGE);
        case "L" -> Optional.of(Field.LEVEL);
        case "m" -> Optional.of(Field.MODULE_PATH);
        case "t" -> Optional.of(Field.TIMESTAMP);
        default ->
            !s.isEmpty() && s.length() < 256 && s.chars().allMatch(c -> c == 'f')
                ? Optional.of(Field.FILE_NAME)
                : Optional.empty();
      };
    }

    private Format parameters(List<String> params, int at) {
      Optional<Color> color = Optional.empty();
      List<Style> styles = new ArrayList<>();
      Set<Style> seen = EnumSet.noneOf(Style.class);
      OptionalInt width = OptionalInt.empty();
      Optional<Alignment> alignment = Optional.empty();
      Optional<Padding> padding = Optional.empty();
      for (String p : params) {
        Optional<Color> c = color(p);
        Optional<Style> st = style(p);
        if (c.isPresent()) {
          if (color.isPresent()) {
            throw error(at, "two colors (`" + p + "`)");
          }
          color = c;
        } else if (st.isPresent()) {
          if (!seen.add(st.get())) {
            throw error(at, "style `" + p + "` given twice");
          }
          styles.add(st.get());
        } else if (p.matches("[<^>]?[0-9]{1,4}")) {
          if (width.isPresent()) {
            throw error(at, "two widths (`" + p + "`)");
          }
          String digits = p;
          if ("<^>".indexOf(p.charAt(0)) >= 0) {
            alignment =
                Optional.of(
                    p.charAt(0) == '<'
                        ? Alignment.LEFT
                        : p.charAt(0) == '^' ? Alignment.CENTER : Alignment.RIGHT);
            digits = p.substring(1);
          }
          padding = Optional.of(digits.startsWith("0") ? Padding.ZERO : Padding.SPACE);
          width = OptionalInt.of(Integer.parseInt(digits));
        } else {
          throw error(
              at,
              "`"
                  + p
                  + "` is not a color, a style (bold, italic, underline, strike, dimmed) or a"
                  + " width such as <8");
        }
      }
      return new Format(color, styles, width, alignment, padding);
    }

    static Optional<Color> color(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "severity" -> Optional.of(Color.SEVERITY);
        case "werror" -> Optional.of(Color.WARN_ERROR);
        case "black" -> Optional.of(Color.BLACK);
        case "red" -> Optional.of(Color.RED);
        case "green" -> Optional.of(Color.GREEN);
        case "yellow" -> Optional.of(Color.YELLOW);
        case "blue" -> Optional.of(Color.BLUE);
        case "magenta", "purple" -> Optional.of(Color.MAGENTA);
        case "cyan" -> Optional.of(Color.CYAN);
        case "white" -> Optional.of(Color.WHITE);
        default -> Optional.empty();
      };
    }

    private static Optional<Style> style(String s) {
      return switch (s) {
        case "bold" -> Optional.of(Style.BOLD);
        case "italic" -> Optional.of(Style.ITALIC);
        case "underline" -> Optional.of(Style.UNDERLINE);
        case "strike" -> Optional.of(Style.STRIKE);
        case "dimmed" -> Optional.of(Style.DIMMED);
        default -> Optional.empty();
      };
    }

    private IllegalArgumentException error(int at, String what) {
      return new IllegalArgumentException(
          "log format `" + t + "` at column " + (at + 1) + ": " + what);
    }
  }
}
