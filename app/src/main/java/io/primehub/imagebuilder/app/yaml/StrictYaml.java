package io.primehub.imagebuilder.app.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primehub.imagebuilder.domain.validation.Quoting;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads one YAML document strictly, as {@code kubectl} does and more: a key given twice, a second document, an anchor
 * or an alias are errors, not silently resolved. The result is a Jackson tree, whose scalars are either typed as a YAML
 * 1.1 reader (such as {@code kubectl}) types them, or kept exactly as written.
 *
 * <p>No {@link StrictYamlException#reason()} repeats a value of the input; keys it names are escaped
 * ({@link Quoting}). The parser's own words, which may quote the input, are kept apart in
 * {@link StrictYamlException#parserDetail()}.
 */
public final class StrictYaml {

    /** How scalars become tree nodes. */
    public enum Scalars {
        /**
         * As a YAML 1.1 reader types them: numbers ({@code 017}, {@code 0x1F}, {@code 1e5}), booleans ({@code yes},
         * {@code on}) and null; a timestamp stays text, as {@code kubectl} keeps it.
         */
        TYPED,
        /** Every scalar is its text as written ({@code 0123} stays {@code "0123"}); only null ({@code ~}, empty) is null. */
        AS_WRITTEN
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Characters a key may hold to be printed as it is; any other key is printed quoted and escaped. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_./-]+");

    private final Scalars scalars;
    private final TypedScalars typed = new TypedScalars();

    private StrictYaml(Scalars scalars) {
        this.scalars = scalars;
    }

    /**
     * The one document of {@code text}, or null when it has none (empty, or comments only).
     *
     * @throws StrictYamlException when the text is not YAML, or holds a second document, an anchor, an alias, a key
     *                             given twice or a key that is not a scalar
     */
    public static JsonNode read(String text, Scalars scalars) throws StrictYamlException {
        return new StrictYaml(scalars).readDocument(text);
    }

    /** A key as messages print it: as it is when plain, else quoted with control and non-ASCII characters escaped. */
    public static String printableKey(String key) {
        return PLAIN_KEY.matcher(key).matches() ? key : Quoting.forMessage(key);
    }

    private JsonNode readDocument(String text) throws StrictYamlException {
        Yaml yaml = new Yaml(new LoaderOptions());
        Node document = null;
        try {
            Iterator<Node> documents = yaml.composeAll(new StringReader(text)).iterator();
            while (documents.hasNext()) {
                Node next = documents.next();
                if (isEmpty(next)) {
                    continue;
                }
                if (document != null) {
                    throw new StrictYamlException(
                            line(next.getStartMark()),
                            0,
                            "holds more than one YAML document (another starts at line " + line(next.getStartMark())
                                    + "); give one document per input",
                            Optional.empty());
                }
                document = next;
            }
        } catch (MarkedYAMLException e) {
            throw notYaml(line(e.getProblemMark()), column(e.getProblemMark()), e.getProblem());
        } catch (ReaderException e) {
            throw notYaml(
                    lineOf(text, e.getPosition()),
                    0,
                    String.format("the character U+%04X is not allowed in YAML", e.getCodePoint()));
        } catch (YAMLException e) {
            throw notYaml(0, 0, e.getMessage());
        }
        return document == null ? null : convert(document, "");
    }

    private JsonNode convert(Node node, String path) throws StrictYamlException {
        if (node.getAnchor() != null) {
            // An alias always points at an anchor, so refusing anchors refuses aliases too (and alias bombs).
            throw new StrictYamlException(
                    line(node.getStartMark()),
                    column(node.getStartMark()),
                    at(path) + "a YAML anchor (&) or alias (*) is not accepted (line " + line(node.getStartMark())
                            + "); write the value out",
                    Optional.empty());
        }
        if (node instanceof MappingNode mapping) {
            return mapping(mapping, path);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                array.add(convert(sequence.getValue().get(i), path + "[" + i + "]"));
            }
            return array;
        }
        return scalar((ScalarNode) node, path);
    }

    private ObjectNode mapping(MappingNode mapping, String path) throws StrictYamlException {
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> firstLines = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getAnchor() != null || !(keyNode instanceof ScalarNode scalarKey)) {
                throw new StrictYamlException(
                        line(keyNode.getStartMark()),
                        column(keyNode.getStartMark()),
                        at(path) + "the key at line " + line(keyNode.getStartMark()) + " must be plain text, not "
                                + (keyNode.getAnchor() != null ? "a YAML anchor or alias" : "a mapping or a list"),
                        Optional.empty());
            }
            String key = scalarKey.getValue();
            String keyPath = path.isEmpty() ? printableKey(key) : path + "." + printableKey(key);
            int line = line(keyNode.getStartMark());
            Integer first = firstLines.putIfAbsent(key, line);
            if (first != null) {
                throw new StrictYamlException(
                        line,
                        column(keyNode.getStartMark()),
                        keyPath + ": is given twice (lines " + first + " and " + line + "); a key may appear once",
                        Optional.empty());
            }
            object.set(key, convert(tuple.getValueNode(), keyPath));
        }
        return object;
    }

    private JsonNode scalar(ScalarNode node, String path) throws StrictYamlException {
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (scalars == Scalars.AS_WRITTEN || !(Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag))) {
            return NODES.textNode(node.getValue());
        }
        Object value;
        try {
            value = typed.value(node);
        } catch (YAMLException | NumberFormatException e) {
            throw new StrictYamlException(
                    line(node.getStartMark()),
                    column(node.getStartMark()),
                    at(path) + "is not a valid " + tag.getValue().substring(Tag.PREFIX.length()) + " (line "
                            + line(node.getStartMark()) + ")",
                    Optional.empty());
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        return NODES.numberNode((BigInteger) value);
    }

    private static boolean isEmpty(Node document) {
        return document instanceof ScalarNode scalar
                && Tag.NULL.equals(scalar.getTag())
                && scalar.getValue().isEmpty();
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static StrictYamlException notYaml(int line, int column, String problem) {
        return new StrictYamlException(
                line,
                column,
                StrictYamlException.NOT_YAML,
                Optional.ofNullable(problem).map(StrictYaml::escaped));
    }

    /** The parser's words, which may quote the input, with control and non-ASCII characters escaped. */
    private static String escaped(String text) {
        String quoted = Quoting.forMessage(text);
        return quoted.substring(1, quoted.lastIndexOf('"'));
    }

    /** The 1-based line of the {@code position}-th code point of {@code text}. */
    private static int lineOf(String text, int position) {
        int end = text.offsetByCodePoints(0, Math.min(position, text.codePointCount(0, text.length())));
        return 1 + (int) text.substring(0, end).chars().filter(c -> c == '\n').count();
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    private static int column(Mark mark) {
        return mark == null ? 0 : mark.getColumn() + 1;
    }

    /** snakeyaml's own YAML 1.1 construction of one scalar (sexagesimal, octal, {@code 0b}, {@code .inf}, ...). */
    private static final class TypedScalars extends SafeConstructor {

        TypedScalars() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode node) {
            return constructObject(node);
        }
    }
}
