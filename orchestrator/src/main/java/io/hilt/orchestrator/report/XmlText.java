package io.hilt.orchestrator.report;

/**
 * Escapes text for XML 1.0 so any bytes a firmware prints give a well-formed file: markup
 * characters are escaped, control characters XML 1.0 forbids become visible {@code \xNN}, and lone
 * surrogates, U+FFFE and U+FFFF become U+FFFD. In attributes line breaks and tabs are written as
 * character references so parsers keep them.
 */
final class XmlText {
  private XmlText() {}

  static String text(String s) {
    return escape(s, false);
  }

  static String attribute(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
        continue;
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else if (Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
            out.append('\ufffd');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
