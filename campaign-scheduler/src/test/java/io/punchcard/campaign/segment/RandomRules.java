package io.punchcard.campaign.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Valid rules drawn at random over every field and operator, for property tests. Status is left out. */
final class RandomRules {

    private static final List<String> WORDS = List.of("GOLD", "SILVER", "vip", "shoes", "S1", "de", "O'Brien",
            "'; DROP TABLE member_facts; --", "Zürich ☕");

    private final Random random;

    RandomRules(long seed) {
        this.random = new Random(seed);
    }

    Rule next() {
        return rule(1);
    }

    private Rule rule(int depth) {
        int kind = depth >= 4 ? 3 : random.nextInt(4);
        return switch (kind) {
            case 0 -> new Rule.All(rules(depth));
            case 1 -> new Rule.Any(rules(depth));
            case 2 -> new Rule.Not(rule(depth + 1));
            default -> condition();
        };
    }

    private List<Rule> rules(int depth) {
        List<Rule> rules = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            rules.add(rule(depth + 1));
        }
        return rules;
    }

    Rule.Condition condition() {
        Field field;
        do {
            field = Field.values()[random.nextInt(Field.values().length)];
        } while (field == Field.STATUS);
        List<Op> ops = List.copyOf(field.type().ops());
        Op op = ops.get(random.nextInt(ops.size()));
        Integer days = field.takesDays() ? 1 + random.nextInt(field == Field.POINTS_EXPIRING_WITHIN ? 90 : 400) : null;
        return new Rule.Condition(field, op, value(field, op), days);
    }

    private Rule.Value value(Field field, Op op) {
        return switch (op) {
            case EXISTS, MISSING -> new Rule.Value.None();
            case EQ, NE, LT, LTE, GT, GTE -> switch (field.type()) {
                case FLAG -> new Rule.Value.Flag(random.nextBoolean());
                case NUMBER -> new Rule.Value.Whole(number(field));
                default -> new Rule.Value.Text(text(field));
            };
            case CONTAINS -> new Rule.Value.Text(text(field));
            case IN, NOT_IN, CONTAINS_ANY, CONTAINS_ALL -> field.type() == FieldType.NUMBER
                    ? new Rule.Value.Wholes(List.of(number(field), number(field)))
                    : new Rule.Value.Texts(List.of(text(field), text(field)).stream().distinct().toList());
            case BETWEEN -> {
                if (field.type() == FieldType.NUMBER) {
                    long a = number(field);
                    long b = number(field);
                    yield new Rule.Value.WholeRange(Math.min(a, b), Math.max(a, b));
                }
                yield new Rule.Value.DayRange(new Rule.DaysAgo(random.nextInt(400)), new Rule.DaysFromNow(random.nextInt(30)));
            }
            case BEFORE, AFTER -> new Rule.Value.Day(random.nextBoolean() ? new Rule.DaysAgo(random.nextInt(400))
                    : new Rule.On(java.time.LocalDate.of(1980 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28))));
            case WITHIN_LAST -> new Rule.Value.Days(1 + random.nextInt(400));
            case WITHIN_NEXT -> new Rule.Value.Days(random.nextInt(366));
        };
    }

    private long number(Field field) {
        return field == Field.BIRTHDAY_MONTH ? 1 + random.nextInt(12) : random.nextInt(60_000);
    }

    private String text(Field field) {
        return switch (field) {
            case LANGUAGE -> random.nextBoolean() ? "de" : "pt-BR";
            case TIME_ZONE -> random.nextBoolean() ? "Europe/Berlin" : "UTC";
            default -> WORDS.get(random.nextInt(WORDS.size()));
        };
    }
}
