package io.punchcard.loyalty.program;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A program written as YAML ({@code program.yaml}): the same document as {@code PUT /api/v1/program} takes, checked
 * by the same rules, with each violation pointing at its line in the file.
 */
public final class ProgramFile {

    /** A program file is a few hundred lines; anything near this is not one. */
    public static final int MAX_CHARS = 1_000_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProgramFile() {
    }

    /**
     * The program {@code text} describes, or everything wrong with it; each violation's message ends with
     * "({@code name} line N)".
     */
    public static Checked<Program> parse(String text, String name) {
        if (text.length() > MAX_CHARS) {
            return new Checked.Invalid<>(List.of(new Violation("", name + " is longer than " + MAX_CHARS
                    + " characters; a program file is a few hundred lines")));
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_CHARS);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " (" + name + " line " + (e.getProblemMark().getLine() + 1) + ")";
            return new Checked.Invalid<>(List.of(new Violation("", "is not YAML: " + e.getProblem() + where)));
        } catch (YAMLException e) {
            return new Checked.Invalid<>(List.of(new Violation("", "is not YAML: " + e.getMessage())));
        }
        if (!(root instanceof MappingNode)) {
            return new Checked.Invalid<>(List.of(new Violation("", name + " must hold a program: currency, timezone, "
                    + "phoneRegion, earning, pending, expiry, tiers, voucherTemplates, rewards, stores")));
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode tree = json(root, "", lines);
        Program program;
        try {
            program = Json.mapper().treeToValue(tree, Program.class);
        } catch (JsonMappingException e) {
            String field = path(e.getPath());
            return new Checked.Invalid<>(List.of(at(new Violation(field, unreadable(e)), name, lines)));
        } catch (JsonProcessingException e) {
            return new Checked.Invalid<>(List.of(new Violation("", "cannot be read: " + e.getOriginalMessage())));
        }
        List<Violation> violations = program.validate();
        if (violations.isEmpty()) {
            return new Checked.Ok<>(program);
        }
        return new Checked.Invalid<>(violations.stream().map(v -> at(v, name, lines)).toList());
    }

    /** The YAML node as JSON, noting the line each field path starts on. */
    private static JsonNode json(Node node, String path, Map<String, Integer> lines) {
        lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        return switch (node) {
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                    String child = path.isEmpty() ? key : path + "." + key;
                    lines.put(child, tuple.getKeyNode().getStartMark().getLine() + 1);
                    object.set(key, json(tuple.getValueNode(), child, lines));
                }
                yield object;
            }
            case SequenceNode sequence -> {
                ArrayNode array = NODES.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(json(items.get(i), path + "[" + i + "]", lines));
                }
                yield array;
            }
            case ScalarNode scalar -> scalar(scalar);
            default -> NODES.nullNode();
        };
    }

    /**
     * A scalar as YAML resolved it: numbers and booleans as such, everything else as text (a time such as
     * {@code 10:00}, which YAML 1.1 could read as a number in base 60, stays text).
     */
    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return NODES.booleanNode(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes")
                    || value.equalsIgnoreCase("on"));
        }
        if (Tag.INT.equals(tag) && value.matches("[-+]?[0-9_]+")) {
            return NODES.numberNode(new BigInteger(value.replace("_", "")));
        }
        if (Tag.FLOAT.equals(tag) && value.matches("[-+]?[0-9_]*\\.[0-9_]+([eE][-+]?[0-9]+)?")) {
            return NODES.numberNode(new BigDecimal(value.replace("_", "")));
        }
        return NODES.textNode(value);
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a person needs to know about a value that cannot be read, without Java's names for types. */
    private static String unreadable(JsonMappingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Unrecognized field")) {
            return "is not a field of the program here (a typo?)";
        }
        if (message.contains("not one of the values accepted for Enum class")) {
            int start = message.indexOf("accepted for Enum class");
            int list = message.indexOf('[', start);
            return "must be one of " + (list < 0 ? "the documented values" : message.substring(list).replace("]", "")
                    .replace("[", ""));
        }
        return "has the wrong kind of value (a number, text, list or section where another is expected)";
    }

    /**
     * The violation with the file's line of its field, or of the nearest enclosing field when it is missing,
     * added to its message.
     */
    private static Violation at(Violation violation, String name, Map<String, Integer> lines) {
        String field = violation.field();
        while (!field.isEmpty() && !lines.containsKey(field)) {
            int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
            field = cut < 0 ? "" : field.substring(0, cut);
        }
        Integer line = lines.get(field);
        // A field missing at the top has no line of its own: the file as a whole lacks it.
        String where = line == null || field.isEmpty() && !violation.field().isEmpty() ? name : name + " line " + line;
        return new Violation(violation.field(), violation.message() + " (" + where + ")");
    }

    /** Every violation as a line of text, for a person starting the server. */
    public static List<String> describe(List<Violation> violations) {
        List<String> lines = new ArrayList<>();
        for (Violation v : violations) {
            lines.add((v.field().isEmpty() ? "" : v.field() + ": ") + v.message());
        }
        return lines;
    }
}
