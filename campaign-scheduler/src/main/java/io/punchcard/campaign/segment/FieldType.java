package io.punchcard.campaign.segment;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of facts, each with the operators that make sense for it. */
public enum FieldType {
    /** A code or name (tier, store, language): equality and lists. */
    TEXT("text", EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.EXISTS, Op.MISSING)),
    /** Yes or no. */
    FLAG("true or false", EnumSet.of(Op.EQ)),
    /** A whole number: counts, money in minor units, points, months. */
    NUMBER("a whole number", EnumSet.of(Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.LT, Op.LTE, Op.GT, Op.GTE, Op.BETWEEN)),
    /** A moment (joined, purchased), compared by whole days in the program's zone. */
    MOMENT("a moment", EnumSet.of(Op.BEFORE, Op.AFTER, Op.BETWEEN, Op.WITHIN_LAST, Op.EXISTS, Op.MISSING)),
    /** A calendar date without a time: the birthday. */
    DATE("a date", EnumSet.of(Op.BEFORE, Op.AFTER, Op.BETWEEN, Op.WITHIN_NEXT, Op.EXISTS, Op.MISSING)),
    /** A set of codes (tags, categories). */
    TEXTS("a list of text", EnumSet.of(Op.CONTAINS, Op.CONTAINS_ANY, Op.CONTAINS_ALL, Op.EXISTS, Op.MISSING)),
    /** Categories bought in a purchase within a window: {@code exists} means any purchase in it. */
    PURCHASES("a list of categories", EnumSet.of(Op.CONTAINS, Op.CONTAINS_ANY, Op.EXISTS));

    private final String description;
    private final Set<Op> ops;

    FieldType(String description, Set<Op> ops) {
        this.description = description;
        this.ops = ops;
    }

    public String description() {
        return description;
    }

    public Set<Op> ops() {
        return ops;
    }
}
