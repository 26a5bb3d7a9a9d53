package io.punchcard.campaign.segment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.punchcard.campaign.segment.Rule.Value;

/**
 * Compiles a rule to SQL over the read model ({@code member_facts f}, with {@code member_tag} and {@code
 * fact_purchase} reached by EXISTS). Only this class writes SQL text for a rule, and only from {@link Field}'s
 * whitelist; every value of the rule becomes a bind parameter.
 *
 * <p>Days are whole days in the program's time zone: {@code {"daysAgo": 60}} is the day 60 days before today there,
 * {@code after} a day means from the start of the next day, {@code before} a day means before its start, and
 * {@code withinLast {"days": N}} means from the start of the day N days ago. A rule that does not name {@code
 * status} matches ACTIVE members only, so merged members never receive a campaign by accident.
 */
public final class SegmentCompiler {

    private final ZoneId zone;
    private final LocalDate today;

    /** A compiler for rules evaluated at {@code now} in the program's {@code zone}. */
    public SegmentCompiler(Instant now, ZoneId zone) {
        if (now == null || zone == null) {
            throw new IllegalArgumentException("now and zone are required");
        }
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
    }

    public SegmentSql compile(Rule rule) {
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (!namesStatus(rule)) {
            sql.append("f.status = ? AND ");
            binds.add("ACTIVE");
        }
        sql.append(sql(rule, binds));
        return new SegmentSql(sql.toString(), binds);
    }

    private static boolean namesStatus(Rule rule) {
        return switch (rule) {
            case Rule.All all -> all.rules().stream().anyMatch(SegmentCompiler::namesStatus);
            case Rule.Any any -> any.rules().stream().anyMatch(SegmentCompiler::namesStatus);
            case Rule.Not not -> namesStatus(not.rule());
            case Rule.Condition c -> c.field() == Field.STATUS;
        };
    }

    private String sql(Rule rule, List<Object> binds) {
        return switch (rule) {
            case Rule.All all -> join(all.rules(), " AND ", binds);
            case Rule.Any any -> join(any.rules(), " OR ", binds);
            // A condition on a fact the member lacks is NULL, not false: NOT must count it as not matching.
            case Rule.Not not -> "NOT coalesce(" + sql(not.rule(), binds) + ", false)";
            case Rule.Condition c -> condition(c, binds);
        };
    }

    private String join(List<Rule> rules, String operator, List<Object> binds) {
        List<String> parts = new ArrayList<>();
        for (Rule r : rules) {
            parts.add(sql(r, binds));
        }
        return "(" + String.join(operator, parts) + ")";
    }

    private String condition(Rule.Condition c, List<Object> binds) {
        return switch (c.field().type()) {
            case TEXT, NUMBER, FLAG -> scalar(column(c, binds), c.op(), c.value(), binds);
            case MOMENT -> moment(column(c, binds), c.op(), c.value(), binds);
            case DATE -> birthday(c.op(), c.value(), binds);
            case TEXTS -> c.field() == Field.TAGS ? tags(c.op(), c.value(), binds) : categories(c.op(), c.value(), binds);
            case PURCHASES -> bought(c, binds);
        };
    }

    /** The SQL of a field that is a value of the row (its binds, if any, added first). */
    private String column(Rule.Condition c, List<Object> binds) {
        return switch (c.field()) {
            case TIER -> "f.tier";
            case PREFERRED_STORE -> "f.preferred_store";
            case JOIN_STORE -> "f.join_store";
            case JOIN_CHANNEL -> "f.join_channel";
            case LANGUAGE -> "f.language";
            case TIME_ZONE -> "f.time_zone";
            case STATUS -> "f.status";
            case JOINED_AT -> "f.joined_at";
            case FIRST_PURCHASE_AT -> "f.first_purchase_at";
            case LAST_PURCHASE_AT -> "f.last_purchase_at";
            case BIRTHDAY_MONTH -> "extract(month FROM f.birthday)::int";
            case EMAIL_CONSENT -> "f.email_consent";
            case SMS_CONSENT -> "f.sms_consent";
            case REFERRED -> "(f.referred_by IS NOT NULL)";
            case PURCHASES -> "f.purchases";
            case SPEND -> "f.spend_minor";
            case VISITS_30 -> "f.visits_30";
            case VISITS_90 -> "f.visits_90";
            case VISITS_365 -> "f.visits_365";
            case SPEND_30 -> "f.spend_30";
            case SPEND_90 -> "f.spend_90";
            case SPEND_365 -> "f.spend_365";
            case POINTS_AVAILABLE -> "f.points_available";
            case POINTS_PENDING -> "f.points_pending";
            case POINTS_EXPIRING_WITHIN -> {
                LocalDate last = today.plusDays(c.days());
                // Entries already past are stale (the next points event drops them); from today on they count. A
                // member whose first expiry (points_expiring_first, ISO text) is after the window has none in it,
                // and their jsonb is not read.
                binds.add(last.toString());
                binds.add(today);
                binds.add(last);
                yield "(CASE WHEN f.points_expiring_first IS NULL OR f.points_expiring_first > ? THEN 0"
                        + " ELSE (SELECT coalesce(sum(e.points), 0) FROM jsonb_to_recordset(f.points_expiring)"
                        + " AS e(\"on\" date, points bigint) WHERE e.\"on\" BETWEEN ? AND ?) END)";
            }
            case BIRTHDAY, TAGS, CATEGORIES, BOUGHT_CATEGORY ->
                    throw new IllegalStateException(c.field() + " is not a value of the row");
        };
    }

    private static String scalar(String column, Op op, Value value, List<Object> binds) {
        switch (op) {
            case EXISTS:
                return column + " IS NOT NULL";
            case MISSING:
                return column + " IS NULL";
            case IN, NOT_IN:
                binds.add(list(value));
                // A member without the fact is not in any list, so notIn includes them, as not(in) would.
                return op == Op.IN ? column + " = ANY(?)" : "NOT coalesce(" + column + " = ANY(?), false)";
            case BETWEEN:
                Value.WholeRange range = (Value.WholeRange) value;
                binds.add(range.from());
                binds.add(range.to());
                return column + " BETWEEN ? AND ?";
            default:
                binds.add(one(value));
                String operator = switch (op) {
                    case EQ -> " = ?";
                    case NE -> " IS DISTINCT FROM ?";
                    case LT -> " < ?";
                    case LTE -> " <= ?";
                    case GT -> " > ?";
                    case GTE -> " >= ?";
                    default -> throw new IllegalStateException(op + " is no comparison");
                };
                return column + operator;
        }
    }

    private static Object one(Value value) {
        return switch (value) {
            case Value.Text t -> t.text();
            case Value.Whole w -> w.number();
            case Value.Flag f -> f.flag();
            default -> throw new IllegalStateException(value + " is not one value");
        };
    }

    private static Object list(Value value) {
        return switch (value) {
            case Value.Texts t -> new SegmentSql.TextList(t.texts());
            case Value.Text t -> new SegmentSql.TextList(List.of(t.text()));
            case Value.Wholes w -> new SegmentSql.WholeList(w.numbers());
            default -> throw new IllegalStateException(value + " is not a list");
        };
    }

    private String moment(String column, Op op, Value value, List<Object> binds) {
        switch (op) {
            case EXISTS:
                return column + " IS NOT NULL";
            case MISSING:
                return column + " IS NULL";
            case BEFORE:
                binds.add(startOf(((Value.Day) value).day().resolve(today)));
                return column + " < ?";
            case AFTER:
                binds.add(startOf(((Value.Day) value).day().resolve(today).plusDays(1)));
                return column + " >= ?";
            case BETWEEN:
                Value.DayRange range = (Value.DayRange) value;
                binds.add(startOf(range.from().resolve(today)));
                binds.add(startOf(range.to().resolve(today).plusDays(1)));
                return "(" + column + " >= ? AND " + column + " < ?)";
            case WITHIN_LAST:
                binds.add(startOf(today.minusDays(((Value.Days) value).days())));
                return column + " >= ?";
            default:
                throw new IllegalStateException(op + " is not an operator of moments");
        }
    }

    private Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private String birthday(Op op, Value value, List<Object> binds) {
        switch (op) {
            case EXISTS:
                return "f.birthday IS NOT NULL";
            case MISSING:
                return "f.birthday IS NULL";
            case BEFORE:
                binds.add(((Value.Day) value).day().resolve(today));
                return "f.birthday < ?";
            case AFTER:
                binds.add(((Value.Day) value).day().resolve(today));
                return "f.birthday > ?";
            case BETWEEN:
                Value.DayRange range = (Value.DayRange) value;
                binds.add(range.from().resolve(today));
                binds.add(range.to().resolve(today));
                return "f.birthday BETWEEN ? AND ?";
            case WITHIN_NEXT:
                binds.add(new SegmentSql.WholeList(birthdaysWithin(today, ((Value.Days) value).days())));
                return "(extract(month FROM f.birthday) * 100 + extract(day FROM f.birthday))::bigint = ANY(?)";
            default:
                throw new IllegalStateException(op + " is not an operator of birthdays");
        }
    }

    /**
     * The birthdays (month × 100 + day) celebrated from {@code today} to {@code days} days later. A 29 February
     * birthday is celebrated on 28 February in a common year, as {@code message.Birthdays} greets it.
     */
    static List<Long> birthdaysWithin(LocalDate today, int days) {
        List<Long> codes = new ArrayList<>();
        for (int i = 0; i <= days; i++) {
            LocalDate day = today.plusDays(i);
            codes.add(day.getMonthValue() * 100L + day.getDayOfMonth());
            if (day.getMonth() == Month.FEBRUARY && day.getDayOfMonth() == 28 && !day.isLeapYear()) {
                codes.add(229L);
            }
        }
        return codes.stream().distinct().toList();
    }

    private static final String MEMBER_TAG = "EXISTS (SELECT 1 FROM member_tag t WHERE t.member_id = f.member_id";

    private static String tags(Op op, Value value, List<Object> binds) {
        return switch (op) {
            case EXISTS -> "(cardinality(f.core_tags) > 0 OR " + MEMBER_TAG + "))";
            case MISSING -> "NOT (cardinality(f.core_tags) > 0 OR " + MEMBER_TAG + "))";
            case CONTAINS, CONTAINS_ANY -> anyTag(list(value), binds);
            case CONTAINS_ALL -> {
                List<String> parts = new ArrayList<>();
                for (String tag : ((Value.Texts) value).texts()) {
                    parts.add(anyTag(new SegmentSql.TextList(List.of(tag)), binds));
                }
                yield "(" + String.join(" AND ", parts) + ")";
            }
            default -> throw new IllegalStateException(op + " is not an operator of tags");
        };
    }

    private static String anyTag(Object tags, List<Object> binds) {
        binds.add(tags);
        binds.add(tags);
        return "(f.core_tags && ? OR " + MEMBER_TAG + " AND t.tag = ANY(?)))";
    }

    private static String categories(Op op, Value value, List<Object> binds) {
        return switch (op) {
            case EXISTS -> "cardinality(f.categories) > 0";
            case MISSING -> "cardinality(f.categories) = 0";
            case CONTAINS, CONTAINS_ANY -> {
                binds.add(list(value));
                yield "f.categories && ?";
            }
            case CONTAINS_ALL -> {
                binds.add(list(value));
                yield "f.categories @> ?";
            }
            default -> throw new IllegalStateException(op + " is not an operator of categories");
        };
    }

    private String bought(Rule.Condition c, List<Object> binds) {
        binds.add(startOf(today.minusDays(c.days())));
        String purchases = "EXISTS (SELECT 1 FROM fact_purchase p WHERE p.member_id = f.member_id"
                + " AND p.occurred_at >= ? AND p.refunded_minor < p.total_minor";
        if (c.op() == Op.EXISTS) {
            return purchases + ")";
        }
        binds.add(list(c.value()));
        return purchases + " AND p.categories && ?)";
    }
}
