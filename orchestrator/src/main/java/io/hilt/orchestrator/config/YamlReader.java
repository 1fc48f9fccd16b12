package io.hilt.orchestrator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML file into a tree of {@link YamlNode}s that remember where each key and value was
 * written. Duplicate keys, anchors/aliases and tags are reported as problems (aliases would let a
 * few lines expand into gigabytes, and are never needed in a plan); oversized files and deep
 * nesting stop the read at once.
 */
final class YamlReader {
  private final YamlLimits limits;
  private final YAMLFactory factory;

  YamlReader(YamlLimits limits) {
    this.limits = limits;
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(limits.maxBytes());
    options.setNestingDepthLimit(limits.maxDepth() + 1);
    options.setMaxAliasesForCollections(0);
    options.setAllowRecursiveKeys(false);
    this.factory =
        YAMLFactory.builder()
            .loaderOptions(options)
            // a key with no value is null, but '' stays an empty string
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth() + 1)
                    .maxDocumentLength(limits.maxBytes())
                    .build())
            .build();
  }

  /** Reads the file; a file that cannot be read or parsed at all throws a ConfigException. */
  YamlNode read(Path file, Problems problems) {
    String text = readText(file);
    try (JsonParser parser = factory.createParser(text)) {
      Builder builder = new Builder(file, (YAMLParser) parser, problems);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ConfigException(new SourceLocation(file, 1, 1), "the file is empty");
      }
      YamlNode root = builder.node(first, 1);
      JsonToken next = parser.nextToken();
      if (next != null) {
        throw new ConfigException(
            builder.here(), "a second YAML document ('---'); put one plan or profile per file");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(file, e);
    } catch (IOException e) {
      throw new ConfigException(SourceLocation.of(file), "cannot read: " + e.getMessage(), e);
    }
  }

  private String readText(Path file) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(SourceLocation.of(file), "is a folder, expected a YAML file");
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
      throw new ConfigException(SourceLocation.of(file), "no such file");
    }
    if (!Files.isRegularFile(file)) {
      // a FIFO or device would block or never end
      throw new ConfigException(SourceLocation.of(file), "is not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(limits.maxBytes() + 1);
    } catch (IOException e) {
      throw new ConfigException(SourceLocation.of(file), "cannot read: " + e, e);
    }
    if (bytes.length > limits.maxBytes()) {
      throw new ConfigException(
          SourceLocation.of(file),
          "file is larger than "
              + limits.maxBytes()
              + " bytes; profiles and plans are expected to be small");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(SourceLocation.of(file), "is not UTF-8 text", e);
    }
  }

  private static ConfigException syntaxError(Path file, JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        Mark mark = marked.getProblemMark();
        StringBuilder message = new StringBuilder("malformed YAML: ");
        if (marked.getContext() != null) {
          message.append(marked.getContext());
          Mark context = marked.getContextMark();
          if (context != null) {
            message
                .append(" (started at line ")
                .append(context.getLine() + 1)
                .append(", column ")
                .append(context.getColumn() + 1)
                .append(")");
          }
          message.append(": ");
        }
        message.append(marked.getProblem());
        return new ConfigException(
            new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1),
            message.toString(),
            e);
      }
    }
    JsonLocation where = e.getLocation();
    SourceLocation location =
        where == null || where.getLineNr() <= 0
            ? SourceLocation.of(file)
            : new SourceLocation(file, where.getLineNr(), Math.max(1, where.getColumnNr()));
    String original = e.getOriginalMessage();
    return new ConfigException(
        location, "malformed YAML: " + firstLine(original == null ? e.toString() : original), e);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Turns the token stream into nodes; one per read. */
  private final class Builder {
    private final Path file;
    private final YAMLParser parser;
    private final Problems problems;
    private int nodes;

    Builder(Path file, YAMLParser parser, Problems problems) {
      this.file = file;
      this.parser = parser;
      this.problems = problems;
    }

    SourceLocation here() {
      JsonLocation l = parser.currentTokenLocation();
      return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    YamlNode node(JsonToken token, int depth) throws IOException {
      if (token == null) {
        throw new ConfigException(here(), "malformed YAML: the file ends in the middle of a value");
      }
      SourceLocation location = here();
      if (++nodes > limits.maxNodes()) {
        throw new ConfigException(
            location, "more than " + limits.maxNodes() + " values in one file; refusing to go on");
      }
      if (depth > limits.maxDepth()) {
        throw new ConfigException(
            location, "nested deeper than " + limits.maxDepth() + " levels; refusing to go on");
      }
      checkNoAnchorOrTag(location);
      return switch (token) {
        case START_OBJECT -> map(location, depth);
        case START_ARRAY -> list(location, depth);
        case VALUE_NULL -> new YamlNode.Scalar("", true, location);
        case VALUE_STRING -> {
          if (parser.isCurrentAlias()) {
            problems.add(
                location,
                "alias '*"
                    + parser.getText()
                    + "': anchors and aliases are not supported; write the value out");
            yield new YamlNode.Scalar("", true, location);
          }
          yield new YamlNode.Scalar(parser.getText(), false, location);
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT ->
            new YamlNode.Scalar(parser.getText(), false, location);
        default -> throw new ConfigException(location, "unexpected YAML token " + token);
      };
    }

    private void checkNoAnchorOrTag(SourceLocation location) throws IOException {
      Optional.ofNullable(parser.getObjectId())
          .ifPresent(
              anchor ->
                  problems.add(
                      location,
                      "anchor '&"
                          + anchor
                          + "': anchors and aliases are not supported; write the value out"));
      Optional.ofNullable(parser.getTypeId())
          .ifPresent(
              tag -> problems.add(location, "YAML tag '" + tag + "' is not supported; remove it"));
    }

    private YamlNode map(SourceLocation location, int depth) throws IOException {
      Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
        if (token == null) {
          throw new ConfigException(here(), "malformed YAML: the file ends inside a map");
        }
        if (token != JsonToken.FIELD_NAME) {
          throw new ConfigException(here(), "expected a key, got " + token);
        }
        String key = parser.currentName();
        SourceLocation keyLocation = here();
        YamlNode value = node(parser.nextToken(), depth + 1);
        YamlNode.Entry previous = entries.get(key);
        if (previous != null) {
          problems.add(
              keyLocation,
              "duplicate key '"
                  + key
                  + "' (first at line "
                  + previous.keyLocation().line()
                  + ", column "
                  + previous.keyLocation().column()
                  + ")");
        } else {
          entries.put(key, new YamlNode.Entry(key, keyLocation, value));
        }
      }
      return new YamlNode.MapNode(entries, location);
    }

    private YamlNode list(SourceLocation location, int depth) throws IOException {
      List<YamlNode> items = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw new ConfigException(here(), "malformed YAML: the file ends inside a list");
        }
        items.add(node(token, depth + 1));
      }
      return new YamlNode.ListNode(items, location);
    }
  }
}
