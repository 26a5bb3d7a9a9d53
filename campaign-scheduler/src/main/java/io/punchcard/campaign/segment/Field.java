package io.punchcard.campaign.segment;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The facts a rule may ask about, by the path a manager writes ({@code consents.email}), with their kind and the
 * values they can take. This is the whitelist: a rule names nothing else, and only the compiler knows their SQL.
 */
public enum Field {
    TIER("tier", FieldType.TEXT, Domain.CODE, "tier code"),
    PREFERRED_STORE("preferredStore", FieldType.TEXT, Domain.CODE, "store code"),
    JOIN_STORE("joinStore", FieldType.TEXT, Domain.CODE, "store code"),
    JOIN_CHANNEL("joinChannel", FieldType.TEXT, Domain.CODE, "channel"),
    LANGUAGE("language", FieldType.TEXT, Domain.LANGUAGE, "language tag such as de or pt-BR"),
    TIME_ZONE("timeZone", FieldType.TEXT, Domain.ZONE, "time zone such as Europe/Berlin"),
    /** ACTIVE or MERGED; a rule that does not name it matches ACTIVE members only. */
    STATUS("status", FieldType.TEXT, Domain.STATUS, "member status (ACTIVE or MERGED)"),
    JOINED_AT("joinedAt", FieldType.MOMENT, null, "date"),
    FIRST_PURCHASE_AT("firstPurchaseAt", FieldType.MOMENT, null, "date"),
    LAST_PURCHASE_AT("lastPurchaseAt", FieldType.MOMENT, null, "date"),
    BIRTHDAY("birthday", FieldType.DATE, null, "date"),
    BIRTHDAY_MONTH("birthdayMonth", FieldType.NUMBER, new Range(1, 12), "month (1 to 12)"),
    EMAIL_CONSENT("consents.email", FieldType.FLAG, null, "consent"),
    SMS_CONSENT("consents.sms", FieldType.FLAG, null, "consent"),
    /** Whether another member referred this one. */
    REFERRED("referred", FieldType.FLAG, null, "flag"),
    PURCHASES("purchases", FieldType.NUMBER, Range.COUNT, "count"),
    SPEND("spend", FieldType.NUMBER, Range.MONEY, "amount in minor units"),
    VISITS_30("visits.d30", FieldType.NUMBER, Range.COUNT, "count"),
    VISITS_90("visits.d90", FieldType.NUMBER, Range.COUNT, "count"),
    VISITS_365("visits.d365", FieldType.NUMBER, Range.COUNT, "count"),
    SPEND_30("spend.d30", FieldType.NUMBER, Range.MONEY, "amount in minor units"),
    SPEND_90("spend.d90", FieldType.NUMBER, Range.MONEY, "amount in minor units"),
    SPEND_365("spend.d365", FieldType.NUMBER, Range.MONEY, "amount in minor units"),
    POINTS_AVAILABLE("points.available", FieldType.NUMBER, Range.POINTS, "number of points"),
    POINTS_PENDING("points.pending", FieldType.NUMBER, Range.POINTS, "number of points"),
    /** Points that expire from today to {@code days} days from now (1 to 90), summed. */
    POINTS_EXPIRING_WITHIN("points.expiringWithin", FieldType.NUMBER, Range.POINTS, "number of points"),
    /** The core's tags and those set here (staff, tag rules, campaigns). */
    TAGS("tags", FieldType.TEXTS, Domain.CODE, "tag"),
    CATEGORIES("categories", FieldType.TEXTS, Domain.CODE, "category"),
    /** Categories of a purchase within the last {@code days} days (1 to 3650), not refunded in full. */
    BOUGHT_CATEGORY("boughtCategory", FieldType.PURCHASES, Domain.CODE, "category");

    /** The most days back {@code boughtCategory} may look, and forward {@code points.expiringWithin}. */
    public static final int MAX_PURCHASE_DAYS = 3650;
    public static final int MAX_EXPIRING_DAYS = 90;

    /** The text values a field accepts. */
    enum Domain {
        /** A code or name as the core keeps it: trimmed, 1 to 100 characters, no control characters. */
        CODE(t -> t.length() <= 100 && !t.isBlank() && t.strip().equals(t) && t.chars().noneMatch(Character::isISOControl)),
        LANGUAGE(t -> t.matches("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")),
        ZONE(t -> {
            try {
                return t.length() <= 64 && ZoneId.of(t) != null;
            } catch (DateTimeException e) {
                return false;
            }
        }),
        STATUS(t -> t.equals("ACTIVE") || t.equals("MERGED"));

        private final Predicate<String> accepts;

        Domain(Predicate<String> accepts) {
            this.accepts = accepts;
        }

        boolean accepts(String text) {
            return accepts.test(text);
        }
    }

    /** The whole numbers a field accepts, both ends included. */
    record Range(long min, long max) {
        static final Range COUNT = new Range(0, 1_000_000_000L);
        /** Spend less refunds, and points less debt, may fall below zero; 10^18 is beyond any member's. */
        static final Range MONEY = new Range(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
        static final Range POINTS = new Range(-1_000_000_000_000_000L, 1_000_000_000_000_000L);
    }

    private final String path;
    private final FieldType type;
    private final Object domain;
    private final String valueName;

    Field(String path, FieldType type, Object domain, String valueName) {
        this.path = path;
        this.type = type;
        this.domain = domain;
        this.valueName = valueName;
    }

    /** Its path in a rule: {@code consents.email}. */
    public String path() {
        return path;
    }

    public FieldType type() {
        return type;
    }

    /** What one value is called in a message: "tier code". */
    String valueName() {
        return valueName;
    }

    Domain textDomain() {
        return domain instanceof Domain d ? d : null;
    }

    Range range() {
        return domain instanceof Range r ? r : null;
    }

    /** Whether the condition carries a {@code days} window beside its value. */
    public boolean takesDays() {
        return this == POINTS_EXPIRING_WITHIN || this == BOUGHT_CATEGORY;
    }

    /** The largest {@code days} the field takes. */
    int maxDays() {
        return this == POINTS_EXPIRING_WITHIN ? MAX_EXPIRING_DAYS : MAX_PURCHASE_DAYS;
    }

    public static Optional<Field> of(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
    }
}
