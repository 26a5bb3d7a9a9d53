package io.punchcard.campaign.segment;

import java.time.LocalDate;
import java.util.List;

/**
 * A segment's rule: a tree of {@code all}, {@code any} and {@code not} over conditions on one member's facts. Made
 * only by {@link RuleReader} (which validates what a manager sent) or by code; compiled to SQL by {@link
 * SegmentCompiler}.
 */
public sealed interface Rule permits Rule.All, Rule.Any, Rule.Not, Rule.Condition {

    /** Every one of {@code rules} holds. */
    record All(List<Rule> rules) implements Rule {
        public All {
            rules = List.copyOf(rules);
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("all needs at least one rule");
            }
        }
    }

    /** At least one of {@code rules} holds. */
    record Any(List<Rule> rules) implements Rule {
        public Any {
            rules = List.copyOf(rules);
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("any needs at least one rule");
            }
        }
    }

    /** {@code rule} does not hold (a member without the fact it asks about included). */
    record Not(Rule rule) implements Rule {
        public Not {
            if (rule == null) {
                throw new IllegalArgumentException("not needs a rule");
            }
        }
    }

    /**
     * One comparison of a fact.
     *
     * @param days for the fields that take a window ({@code points.expiringWithin}, {@code boughtCategory}), else null
     */
    record Condition(Field field, Op op, Value value, Integer days) implements Rule {
        public Condition {
            if (field == null || op == null || value == null) {
                throw new IllegalArgumentException("a condition needs a field, an operator and a value");
            }
            if (!field.type().ops().contains(op)) {
                throw new IllegalArgumentException(op.json() + " is not an operator of " + field.path());
            }
            if (field.takesDays() != (days != null)) {
                throw new IllegalArgumentException(field.path() + (field.takesDays() ? " needs days" : " takes no days"));
            }
        }

        public Condition(Field field, Op op, Value value) {
            this(field, op, value, null);
        }
    }

    /** What a condition compares with; which kind an operator takes is {@link Op#operand}'s to say. */
    sealed interface Value permits Value.None, Value.Text, Value.Texts, Value.Whole, Value.Wholes, Value.WholeRange,
            Value.Flag, Value.Day, Value.DayRange, Value.Days {

        /** For exists and missing. */
        record None() implements Value {
        }

        record Text(String text) implements Value {
        }

        /** A list of values; a value named twice counts once. */
        record Texts(List<String> texts) implements Value {
            public Texts {
                texts = texts.stream().distinct().toList();
            }
        }

        record Whole(long number) implements Value {
        }

        record Wholes(List<Long> numbers) implements Value {
            public Wholes {
                numbers = numbers.stream().distinct().toList();
            }
        }

        /** Both ends included. */
        record WholeRange(long from, long to) implements Value {
        }

        record Flag(boolean flag) implements Value {
        }

        record Day(DayRef day) implements Value {
        }

        /** Both days included. */
        record DayRange(DayRef from, DayRef to) implements Value {
        }

        /** {@code withinLast} and {@code withinNext}: a number of whole days. */
        record Days(int days) implements Value {
        }
    }

    /** A day, named absolutely or relative to the day the rule is evaluated on (in the program's zone). */
    sealed interface DayRef permits On, DaysAgo, DaysFromNow {

        /** The day this names when today is {@code today}. */
        LocalDate resolve(LocalDate today);
    }

    record On(LocalDate date) implements DayRef {
        @Override
        public LocalDate resolve(LocalDate today) {
            return date;
        }
    }

    record DaysAgo(int days) implements DayRef {
        @Override
        public LocalDate resolve(LocalDate today) {
            return today.minusDays(days);
        }
    }

    record DaysFromNow(int days) implements DayRef {
        @Override
        public LocalDate resolve(LocalDate today) {
            return today.plusDays(days);
        }
    }
}
