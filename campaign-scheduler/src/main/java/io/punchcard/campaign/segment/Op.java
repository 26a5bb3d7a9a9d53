package io.punchcard.campaign.segment;

import java.util.Arrays;
import java.util.Optional;

/** A condition's operator, by its name in the rule language. */
public enum Op {
    EQ("eq"), NE("ne"), IN("in"), NOT_IN("notIn"),
    LT("lt"), LTE("lte"), GT("gt"), GTE("gte"), BETWEEN("between"),
    CONTAINS("contains"), CONTAINS_ANY("containsAny"), CONTAINS_ALL("containsAll"),
    EXISTS("exists"), MISSING("missing"),
    BEFORE("before"), AFTER("after"), WITHIN_LAST("withinLast"), WITHIN_NEXT("withinNext");

    private final String json;

    Op(String json) {
        this.json = json;
    }

    /** Its name in a rule: {@code notIn}. */
    public String json() {
        return json;
    }

    public static Optional<Op> of(String json) {
        return Arrays.stream(values()).filter(op -> op.json.equals(json)).findFirst();
    }
}
