package io.hilt.probe.drivers.gdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The registers of a target, from GDB's target description XML ({@code target.xml} and the feature
 * files it includes with {@code xi:include}). Registers are numbered in document order from 0; a
 * {@code regnum} attribute sets the number of its register and the ones after it.
 *
 * <p>The XML is untrusted: no DTD or external entity is loaded (includes are fetched through the
 * protocol, by this class), at most {@link #MAX_FILES} files and {@link #MAX_REGISTERS} registers.
 */
public final class TargetDescription {
  static final int MAX_FILES = 32;
  static final int MAX_REGISTERS = 1024;

  private final Optional<String> architecture;
  private final Map<String, GdbRegister> byName;

  private TargetDescription(Optional<String> architecture, List<GdbRegister> registers) {
    this.architecture = architecture;
    Map<String, GdbRegister> map = new LinkedHashMap<>();
    for (GdbRegister r : registers) {
      map.putIfAbsent(r.name(), r);
    }
    this.byName = map;
  }

  /**
   * The layout GDB assumes for an ARM target that sends no description: r0-r12, sp, lr, pc as 0-15
   * and xpsr as 25 (16-24 were the FPA registers).
   */
  public static TargetDescription armMProfileDefault() {
    List<GdbRegister> regs = new ArrayList<>();
    String feature = "org.gnu.gdb.arm.m-profile";
    for (int i = 0; i < 13; i++) {
      regs.add(new GdbRegister("r" + i, i, 32, feature));
    }
    regs.add(new GdbRegister("sp", 13, 32, feature));
    regs.add(new GdbRegister("lr", 14, 32, feature));
    regs.add(new GdbRegister("pc", 15, 32, feature));
    regs.add(new GdbRegister("xpsr", 25, 32, feature));
    return new TargetDescription(Optional.of("arm"), regs);
  }

  /**
   * Parses {@code target.xml} and what it includes.
   *
   * @param fetch reads one annex by name ({@code target.xml}, {@code arm-m-profile.xml})
   * @throws GdbDescriptionException naming the file when the XML is malformed or too big
   */
  public static TargetDescription parse(Function<String, String> fetch) {
    Parser parser = new Parser(fetch);
    Element root = parser.document("target.xml");
    if (!root.getTagName().equals("target")) {
      throw new GdbDescriptionException(
          "target.xml: root element is <" + root.getTagName() + ">, expected <target>");
    }
    Optional<String> arch = Optional.empty();
    for (Element child : children(root)) {
      if (child.getTagName().equals("architecture")) {
        arch = Optional.of(child.getTextContent().strip());
      }
    }
    parser.walk(root, "target.xml", "");
    return new TargetDescription(arch, parser.registers);
  }

  public Optional<String> architecture() {
    return architecture;
  }

  /** Every register, in number order of declaration. */
  public List<GdbRegister> registers() {
    return List.copyOf(byName.values());
  }

  public Optional<GdbRegister> register(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  private static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        out.add((Element) nodes.item(i));
      }
    }
    return out;
  }

  private static final class Parser {
    private final Function<String, String> fetch;
    private final DocumentBuilder builder;
    private final List<GdbRegister> registers = new ArrayList<>();
    private int files;
    private int next;

    Parser(Function<String, String> fetch) {
      this.fetch = fetch;
      try {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      } catch (ParserConfigurationException e) {
        throw new IllegalStateException("the platform XML parser lacks a standard feature", e);
      }
    }

    Element document(String annex) {
      if (++files > MAX_FILES) {
        throw new GdbDescriptionException(
            annex + ": the target description includes more than " + MAX_FILES + " files");
      }
      String xml = fetch.apply(annex);
      try {
        return builder
            .parse(new InputSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
            .getDocumentElement();
      } catch (SAXException | IOException e) {
        throw new GdbDescriptionException(annex + ": malformed XML: " + e.getMessage(), e);
      }
    }

    void walk(Element element, String file, String feature) {
      for (Element child : children(element)) {
        switch (child.getTagName()) {
          case "xi:include" -> {
            String href = child.getAttribute("href");
            if (href.isEmpty() || !href.matches("[A-Za-z0-9._-]+")) {
              throw new GdbDescriptionException(
                  file + ": xi:include with a bad href '" + RspText.preview(href) + "'");
            }
            Element included = document(href);
            if (included.getTagName().equals("feature")) {
              walk(included, href, included.getAttribute("name"));
            } else {
              walk(included, href, feature);
            }
          }
          case "feature" -> walk(child, file, child.getAttribute("name"));
          case "reg" -> register(child, file, feature);
          default -> {
            // architecture, osabi, compatible, vector/flags/union types: not needed here
          }
        }
      }
    }

    private void register(Element reg, String file, String feature) {
      if (registers.size() >= MAX_REGISTERS) {
        throw new GdbDescriptionException(
            file + ": more than " + MAX_REGISTERS + " registers in the target description");
      }
      String name = reg.getAttribute("name").toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new GdbDescriptionException(file + ": <reg> without a name");
      }
      int bits =
          number(reg, "bitsize", file, name)
              .orElseThrow(
                  () ->
                      new GdbDescriptionException(file + ": register " + name + " has no bitsize"));
      Optional<Integer> regnum = number(reg, "regnum", file, name);
      int number = regnum.orElse(next);
      try {
        registers.add(new GdbRegister(name, number, bits, feature));
      } catch (IllegalArgumentException e) {
        throw new GdbDescriptionException(file + ": " + e.getMessage(), e);
      }
      next = number + 1;
    }

    private static Optional<Integer> number(
        Element reg, String attribute, String file, String name) {
      String text = reg.getAttribute(attribute);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      try {
        int value = Integer.parseInt(text);
        if (value < 0 || value > 100_000) {
          throw new NumberFormatException("out of range");
        }
        return Optional.of(value);
      } catch (NumberFormatException e) {
        throw new GdbDescriptionException(
            file
                + ": register "
                + name
                + " has "
                + attribute
                + "=\""
                + RspText.preview(text)
                + "\", not a number",
            e);
      }
    }
  }
}
