package io.punchcard.campaign.segment;

import java.util.List;

/**
 * A rule compiled: a condition on one row of {@code member_facts} (aliased {@code f}) with a {@code ?} for every
 * value, and the values in order. The text holds only what the compiler wrote; every value a person sent is in
 * {@code binds}.
 *
 * @param where the condition, to follow {@code WHERE}
 * @param binds String, Long, Boolean, java.time.Instant, java.time.LocalDate, {@link TextList} or {@link WholeList}
 */
public record SegmentSql(String where, List<Object> binds) {

    public SegmentSql {
        binds = List.copyOf(binds);
        long placeholders = where.chars().filter(c -> c == '?').count();
        if (placeholders != binds.size()) {
            throw new IllegalArgumentException(placeholders + " placeholders for " + binds.size() + " values");
        }
    }

    /** A text array ({@code text[]}). */
    public record TextList(List<String> texts) {
        public TextList {
            texts = List.copyOf(texts);
        }
    }

    /** A whole-number array ({@code bigint[]}). */
    public record WholeList(List<Long> numbers) {
        public WholeList {
            numbers = List.copyOf(numbers);
        }
    }
}
