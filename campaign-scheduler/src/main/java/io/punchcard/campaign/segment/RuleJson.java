package io.punchcard.campaign.segment;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.punchcard.campaign.segment.Rule.Value;

/**
 * The rule language's JSON ({@code docs/segments.md}): {@link #read} checks a tree a manager sent and names every
 * problem by its path; {@link #write} gives a rule back in the same form, so what is stored reads as it was sent.
 */
public final class RuleJson {

    /** Deeper trees are no rule a person maintains, and each level costs the planner. */
    public static final int MAX_DEPTH = 10;
    /** More conditions than a segment builder shows; beyond it the SQL grows without making sense. */
    public static final int MAX_CONDITIONS = 200;
    /** Values in one list (in, containsAny, ...). */
    public static final int MAX_VALUES = 100;
    /** How far a relative day or a window may reach: ten years. */
    public static final int MAX_DAYS = 3650;
    public static final int MAX_BIRTHDAY_DAYS = 365;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> CONDITION_KEYS = Set.of("field", "op", "value", "days");

    /** What reading a rule gave. */
    public sealed interface Reading permits Read, Refused {
    }

    public record Read(Rule rule) implements Reading {
    }

    /** Every problem found, in the order of the tree; never empty. */
    public record Refused(List<RuleProblem> problems) implements Reading {
        public Refused {
            problems = List.copyOf(problems);
        }
    }

    private RuleJson() {
    }

    /** Reads {@code node}, a rule found at {@code path} of a request (e.g. {@code rule}). */
    public static Reading read(JsonNode node, String path) {
        Reader reader = new Reader();
        Rule rule = reader.rule(node, path, 1);
        if (reader.conditions > MAX_CONDITIONS) {
            reader.problems.add(0, new RuleProblem(path, "has " + reader.conditions + " conditions; at most "
                    + MAX_CONDITIONS + " are allowed"));
        }
        return reader.problems.isEmpty() ? new Read(rule) : new Refused(reader.problems);
    }

    private static final class Reader {
        final List<RuleProblem> problems = new ArrayList<>();
        int conditions;

        private void problem(String path, String message) {
            problems.add(new RuleProblem(path, message));
        }

        Rule rule(JsonNode node, String path, int depth) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                problem(path, "is required: a condition, or one of all, any or not");
                return null;
            }
            if (!node.isObject()) {
                problem(path, "must be an object: a condition, or one of all, any or not");
                return null;
            }
            if (depth > MAX_DEPTH) {
                problem(path, "nests deeper than " + MAX_DEPTH + " levels");
                return null;
            }
            for (String group : List.of("all", "any", "not")) {
                if (node.has(group)) {
                    if (node.size() != 1) {
                        problem(path, "must hold only " + group + ", not " + String.join(", ", names(node)));
                        return null;
                    }
                    return group(group, node.get(group), path + "." + group, depth);
                }
            }
            return condition(node, path);
        }

        private Rule group(String group, JsonNode node, String path, int depth) {
            if (group.equals("not")) {
                Rule rule = rule(node, path, depth + 1);
                return rule == null ? null : new Rule.Not(rule);
            }
            if (!node.isArray() || node.isEmpty()) {
                problem(path, "must be a list of at least one rule");
                return null;
            }
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < node.size() && conditions <= MAX_CONDITIONS; i++) {
                rules.add(rule(node.get(i), path + "[" + i + "]", depth + 1));
            }
            if (rules.contains(null) || conditions > MAX_CONDITIONS) {
                return null;
            }
            return group.equals("all") ? new Rule.All(rules) : new Rule.Any(rules);
        }

        private Rule condition(JsonNode node, String path) {
            conditions++;
            int before = problems.size();
            for (String name : names(node)) {
                if (!CONDITION_KEYS.contains(name)) {
                    problem(path + "." + name, "is not part of a condition (field, op, value and days are)");
                }
            }
            JsonNode fieldNode = node.get("field");
            Optional<Field> field = fieldNode != null && fieldNode.isTextual() ? Field.of(fieldNode.asText()) : Optional.empty();
            if (field.isEmpty()) {
                problem(path + ".field", fieldNode == null || fieldNode.isNull() ? "is required"
                        : "is not a field a rule knows; see docs/segments.md for the fields");
            }
            JsonNode opNode = node.get("op");
            Optional<Op> op = opNode != null && opNode.isTextual() ? Op.of(opNode.asText()) : Optional.empty();
            if (op.isEmpty()) {
                problem(path + ".op", opNode == null || opNode.isNull() ? "is required"
                        : "is not an operator; see docs/segments.md for the operators");
            }
            if (field.isEmpty() || op.isEmpty()) {
                return null;
            }
            Field f = field.get();
            if (!f.type().ops().contains(op.get())) {
                problem(path + ".op", op.get().json() + " does not apply to " + f.path() + " (" + f.type().description()
                        + "); use one of " + String.join(", ", f.type().ops().stream().map(Op::json).toList()));
                return null;
            }
            Integer days = days(f, node.get("days"), path + ".days");
            Value value = value(f, op.get(), node.get("value"), path + ".value");
            return problems.size() > before ? null : new Rule.Condition(f, op.get(), value, days);
        }

        private Integer days(Field field, JsonNode node, String path) {
            if (!field.takesDays()) {
                if (node != null) {
                    problem(path, "is taken only by points.expiringWithin and boughtCategory");
                }
                return null;
            }
            Long days = whole(node, path, 1, field.maxDays(), "a number of days");
            return days == null ? null : days.intValue();
        }

        private Value value(Field field, Op op, JsonNode node, String path) {
            FieldType type = field.type();
            if (op == Op.EXISTS || op == Op.MISSING) {
                if (node != null) {
                    problem(path, "is not taken by " + op.json() + "; leave it out");
                }
                return new Value.None();
            }
            return switch (op) {
                case EQ, NE, LT, LTE, GT, GTE -> switch (type) {
                    case FLAG -> {
                        if (node == null || !node.isBoolean()) {
                            problem(path, "must be true or false");
                            yield null;
                        }
                        yield new Value.Flag(node.booleanValue());
                    }
                    case NUMBER -> number(field, node, path);
                    default -> text(field, node, path);
                };
                case IN, NOT_IN -> type == FieldType.NUMBER ? numbers(field, node, path) : texts(field, node, path);
                case CONTAINS -> text(field, node, path);
                case CONTAINS_ANY, CONTAINS_ALL -> texts(field, node, path);
                case BETWEEN -> type == FieldType.NUMBER ? numberRange(field, node, path) : dayRange(node, path);
                case BEFORE, AFTER -> {
                    Rule.DayRef day = day(node, path);
                    yield day == null ? null : new Value.Day(day);
                }
                case WITHIN_LAST, WITHIN_NEXT -> {
                    int min = op == Op.WITHIN_LAST ? 1 : 0;
                    int max = op == Op.WITHIN_LAST ? MAX_DAYS : MAX_BIRTHDAY_DAYS;
                    if (node == null || !node.isObject() || node.size() != 1 || !node.has("days")) {
                        problem(path, "must be {\"days\": N} with N from " + min + " to " + max);
                        yield null;
                    }
                    Long days = whole(node.get("days"), path + ".days", min, max, "a number of days");
                    yield days == null ? null : new Value.Days(days.intValue());
                }
                case EXISTS, MISSING -> throw new IllegalStateException("handled above");
            };
        }

        private Value.Text text(Field field, JsonNode node, String path) {
            String text = oneText(field, node, path);
            return text == null ? null : new Value.Text(text);
        }

        private String oneText(Field field, JsonNode node, String path) {
            if (node == null || !node.isTextual() || !field.textDomain().accepts(node.textValue())) {
                problem(path, "must be a " + field.valueName());
                return null;
            }
            return node.textValue();
        }

        private Value.Texts texts(Field field, JsonNode node, String path) {
            if (!list(node, path, "must be a list of " + field.valueName() + "s")) {
                return null;
            }
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                texts.add(oneText(field, node.get(i), path + "[" + i + "]"));
            }
            return texts.contains(null) ? null : new Value.Texts(texts);
        }

        private boolean list(JsonNode node, String path, String what) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                problem(path, what);
                return false;
            }
            if (node.size() > MAX_VALUES) {
                problem(path, "has " + node.size() + " values; at most " + MAX_VALUES + " are allowed");
                return false;
            }
            return true;
        }

        private Value.Whole number(Field field, JsonNode node, String path) {
            Long n = whole(node, path, field.range().min(), field.range().max(), "a " + field.valueName());
            return n == null ? null : new Value.Whole(n);
        }

        private Value.Wholes numbers(Field field, JsonNode node, String path) {
            if (!list(node, path, "must be a list of " + field.valueName() + "s")) {
                return null;
            }
            List<Long> numbers = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                numbers.add(whole(node.get(i), path + "[" + i + "]", field.range().min(), field.range().max(),
                        "a " + field.valueName()));
            }
            return numbers.contains(null) ? null : new Value.Wholes(numbers);
        }

        private Value.WholeRange numberRange(Field field, JsonNode node, String path) {
            if (node == null || !node.isArray() || node.size() != 2) {
                problem(path, "must be a list of two numbers, the least and the greatest");
                return null;
            }
            Long from = whole(node.get(0), path + "[0]", field.range().min(), field.range().max(), "a " + field.valueName());
            Long to = whole(node.get(1), path + "[1]", field.range().min(), field.range().max(), "a " + field.valueName());
            if (from == null || to == null) {
                return null;
            }
            if (from > to) {
                problem(path, "must name the least number first");
                return null;
            }
            return new Value.WholeRange(from, to);
        }

        private Long whole(JsonNode node, String path, long min, long max, String what) {
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()
                    || node.longValue() < min || node.longValue() > max) {
                problem(path, "must be " + what + ", a whole number from " + min + " to " + max);
                return null;
            }
            return node.longValue();
        }

        private Value.DayRange dayRange(JsonNode node, String path) {
            if (node == null || !node.isArray() || node.size() != 2) {
                problem(path, "must be a list of two days, the first and the last");
                return null;
            }
            Rule.DayRef from = day(node.get(0), path + "[0]");
            Rule.DayRef to = day(node.get(1), path + "[1]");
            if (from == null || to == null) {
                return null;
            }
            if (from instanceof Rule.On a && to instanceof Rule.On b && a.date().isAfter(b.date())) {
                problem(path, "must name the earlier day first");
                return null;
            }
            return new Value.DayRange(from, to);
        }

        private Rule.DayRef day(JsonNode node, String path) {
            String what = "must be a date (2026-01-31), {\"daysAgo\": N} or {\"daysFromNow\": N}";
            if (node != null && node.isTextual()) {
                try {
                    LocalDate date = LocalDate.parse(node.textValue());
                    if (date.getYear() >= 1900 && date.getYear() <= 2200) {
                        return new Rule.On(date);
                    }
                } catch (DateTimeParseException e) {
                    // Said below, with the forms a day may take.
                }
                problem(path, what);
                return null;
            }
            if (node != null && node.isObject() && node.size() == 1 && (node.has("daysAgo") || node.has("daysFromNow"))) {
                String key = node.has("daysAgo") ? "daysAgo" : "daysFromNow";
                Long days = whole(node.get(key), path + "." + key, 0, MAX_DAYS, "a number of days");
                if (days == null) {
                    return null;
                }
                return key.equals("daysAgo") ? new Rule.DaysAgo(days.intValue()) : new Rule.DaysFromNow(days.intValue());
            }
            problem(path, what);
            return null;
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** {@code rule} in the language's JSON. */
    public static ObjectNode write(Rule rule) {
        ObjectNode node = NODES.objectNode();
        switch (rule) {
            case Rule.All all -> all.rules().forEach(r -> node.withArray("all").add(write(r)));
            case Rule.Any any -> any.rules().forEach(r -> node.withArray("any").add(write(r)));
            case Rule.Not not -> node.set("not", write(not.rule()));
            case Rule.Condition c -> {
                node.put("field", c.field().path());
                node.put("op", c.op().json());
                if (c.days() != null) {
                    node.put("days", c.days());
                }
                JsonNode value = value(c.value());
                if (value != null) {
                    node.set("value", value);
                }
            }
        }
        return node;
    }

    private static JsonNode value(Value value) {
        return switch (value) {
            case Value.None none -> null;
            case Value.Text t -> NODES.textNode(t.text());
            case Value.Texts t -> {
                ArrayNode list = NODES.arrayNode();
                t.texts().forEach(list::add);
                yield list;
            }
            case Value.Whole w -> number(w.number());
            case Value.Wholes w -> {
                ArrayNode list = NODES.arrayNode();
                w.numbers().forEach(n -> list.add(number(n)));
                yield list;
            }
            case Value.WholeRange r -> NODES.arrayNode().add(number(r.from())).add(number(r.to()));
            case Value.Flag f -> NODES.booleanNode(f.flag());
            case Value.Day d -> day(d.day());
            case Value.DayRange r -> NODES.arrayNode().add(day(r.from())).add(day(r.to()));
            case Value.Days d -> NODES.objectNode().put("days", d.days());
        };
    }

    /** As a parser reads the number back: an int when it fits, so a rule written and read again is equal. */
    private static JsonNode number(long n) {
        return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
    }

    private static JsonNode day(Rule.DayRef day) {
        return switch (day) {
            case Rule.On on -> NODES.textNode(on.date().toString());
            case Rule.DaysAgo ago -> NODES.objectNode().put("daysAgo", ago.days());
            case Rule.DaysFromNow ahead -> NODES.objectNode().put("daysFromNow", ahead.days());
        };
    }
}
