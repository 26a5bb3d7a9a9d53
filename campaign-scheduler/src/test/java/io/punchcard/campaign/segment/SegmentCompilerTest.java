package io.punchcard.campaign.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rules become SQL whose text is the compiler's alone; what a person typed travels only as bind values. */
class SegmentCompilerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 23:30 UTC on 6 December is already 7 December in Berlin. */
    private static final Instant NOW = Instant.parse("2026-12-06T23:30:00Z");
    private final SegmentCompiler compiler = new SegmentCompiler(NOW, BERLIN);

    static final List<String> HOSTILE = List.of("GOLD'; DROP TABLE member_facts; --", "O'Brien", "\" OR 1=1 --",
            "$$; SELECT pg_sleep(10); $$", "Zürich ☕ 東京", "a?b", "x\\' OR '1'='1", "?", "-- comment", "/* c */",
            "\u202Eevil", "tab\tinside", "nul\u0000inside");

    @Test
    void hostileTextIsOnlyEverABindValue() {
        for (String text : HOSTILE) {
            for (String field : List.of("tier", "preferredStore", "joinStore", "joinChannel")) {
                for (String op : List.of("eq", "ne", "in", "notIn")) {
                    Rule.Value value = op.startsWith("in") || op.equals("notIn") ? new Rule.Value.Texts(List.of(text))
                            : new Rule.Value.Text(text);
                    check(new Rule.Condition(Field.of(field).orElseThrow(), Op.of(op).orElseThrow(), value), text);
                }
            }
            for (Field field : List.of(Field.TAGS, Field.CATEGORIES)) {
                for (Op op : List.of(Op.CONTAINS, Op.CONTAINS_ANY, Op.CONTAINS_ALL)) {
                    Rule.Value value = op == Op.CONTAINS ? new Rule.Value.Text(text) : new Rule.Value.Texts(List.of(text, "x"));
                    check(new Rule.Condition(field, op, value), text);
                }
            }
            check(new Rule.Condition(Field.BOUGHT_CATEGORY, Op.CONTAINS, new Rule.Value.Text(text), 30), text);
        }
    }

    private void check(Rule rule, String text) {
        SegmentSql sql = compiler.compile(new Rule.Not(new Rule.Any(List.of(rule))));
        if (!text.equals("?")) {
            assertFalse(sql.where().contains(text.strip()), sql.where());
        }
        assertFalse(sql.where().contains("'"), "no literal in " + sql.where());
        List<Object> flat = new ArrayList<>();
        for (Object bind : sql.binds()) {
            if (bind instanceof SegmentSql.TextList list) {
                flat.addAll(list.texts());
            } else {
                flat.add(bind);
            }
        }
        assertTrue(flat.contains(text), text + " in " + sql.binds());
    }

    @Test
    void hostileTextThatReadsAsARuleStaysAValue() {
        Rule rule = RuleJsonTest.rule("{'field':'tier','op':'eq','value':'GOLD\\u0027) OR (1=1'}");
        SegmentSql sql = compiler.compile(rule);
        assertEquals("f.status = ? AND f.tier = ?", sql.where());
        assertEquals(List.of("ACTIVE", "GOLD') OR (1=1"), sql.binds());
    }

    @Test
    void relativeDaysCountWholeDaysInTheProgramsZone() {
        SegmentSql sql = compiler.compile(RuleJsonTest.rule("{'field':'lastPurchaseAt','op':'before','value':{'daysAgo':1}}"));
        // Today in Berlin is 7 December: one day ago is the 6th, whose start is 23:00 UTC on the 5th.
        assertEquals(List.of("ACTIVE", Instant.parse("2026-12-05T23:00:00Z")), sql.binds());
        sql = compiler.compile(RuleJsonTest.rule("{'field':'joinedAt','op':'after','value':'2026-12-01'}"));
        assertEquals(List.of("ACTIVE", Instant.parse("2026-12-01T23:00:00Z")), sql.binds());
        sql = compiler.compile(RuleJsonTest.rule("{'field':'birthday','op':'before','value':{'daysFromNow':7}}"));
        assertEquals(List.of("ACTIVE", LocalDate.parse("2026-12-14")), sql.binds());
    }

    @Test
    void aRuleThatNamesNoStatusMatchesActiveMembersOnly() {
        assertTrue(compiler.compile(RuleJsonTest.rule("{'field':'tier','op':'exists'}")).where().startsWith("f.status = ?"));
        SegmentSql merged = compiler.compile(RuleJsonTest.rule("{'field':'status','op':'eq','value':'MERGED'}"));
        assertEquals("f.status = ?", merged.where());
        assertEquals(List.of("MERGED"), merged.binds());
    }

    @Test
    void aTwentyNinthOfFebruaryBirthdayFallsOnTheTwentyEighthInACommonYear() {
        assertEquals(List.of(227L, 228L, 229L, 301L), SegmentCompiler.birthdaysWithin(LocalDate.parse("2027-02-27"), 2));
        assertEquals(List.of(228L, 229L, 301L), SegmentCompiler.birthdaysWithin(LocalDate.parse("2028-02-28"), 2));
        assertEquals(List.of(1231L, 101L), SegmentCompiler.birthdaysWithin(LocalDate.parse("2026-12-31"), 1));
    }

    @Test
    void notCountsAMemberWithoutTheFactAsNotMatching() {
        SegmentSql sql = compiler.compile(RuleJsonTest.rule("{'not':{'field':'tier','op':'eq','value':'GOLD'}}"));
        assertEquals("f.status = ? AND NOT coalesce(f.tier = ?, false)", sql.where());
    }
}
