package io.punchcard.campaign.message;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.NumberFormat;
import com.ibm.icu.util.ULocale;

/**
 * Turns {@link TemplateFacts} into the values a template sees. Mustache is logic-less, so plurals and dates
 * cannot be decided in the template: they are precomputed here with ICU in the language of the variant
 * being rendered (which is the member's language unless the template fell back) and the member's time zone.
 *
 * <p>The variables, and nothing else:
 * <ul>
 *   <li>{@code givenName}, {@code tierName}, {@code nextTierName}, {@code voucherCode}, {@code voucherQrUrl},
 *       {@code storeName}: as given;</li>
 *   <li>{@code points}, {@code pendingPoints}, {@code pointsToNextTier}, {@code expiringPoints}: the number,
 *       grouped as the language writes it ({@code 1.200} in German);</li>
 *   <li>{@code pointsText}, {@code pendingPointsText}, {@code pointsToNextTierText}, {@code expiringPointsText}:
 *       the number with the word for points in the language's plural form ("1 point", "120 Punkte", "5 punktów");</li>
 *   <li>{@code expiryDate}: the date {@code expiringPoints} expire, in the member's time zone, written as the
 *       language writes a long date ("7. Dezember 2026");</li>
 *   <li>{@code oneTimeCode}, {@code purchaseTotal}, {@code unsubscribeUrl}, {@code note}: as given by the message's cause;
 *       {@code pointsEarned} and {@code pointsEarnedText} as the other point counts.</li>
 * </ul>
 * A fact the member does not have (no voucher, nothing expiring) is absent, so a section such as
 * {@code {{#voucherCode}}...{{/voucherCode}}} can leave it out.
 */
public final class FactValues {

    static final Set<String> NAMES = Set.of(
            "givenName", "tierName", "nextTierName", "voucherCode", "voucherQrUrl", "storeName",
            "points", "pendingPoints", "pointsToNextTier", "expiringPoints",
            "pointsText", "pendingPointsText", "pointsToNextTierText", "expiringPointsText",
            "expiryDate", "oneTimeCode", "pointsEarned", "pointsEarnedText", "purchaseTotal", "unsubscribeUrl", "note");

    /**
     * The word for points per language, as ICU plural patterns; ICU's plural rules pick the form (Polish
     * has one, few, many and other). A language without an entry uses English words: a number with an
     * English word reads better in a foreign text than a missing one.
     */
    private static final Map<String, String> POINTS_PATTERNS = Map.of(
            "en", "{0, plural, one {# point} other {# points}}",
            "de", "{0, plural, one {# Punkt} other {# Punkte}}",
            "pl", "{0, plural, one {# punkt} few {# punkty} many {# punktów} other {# punktu}}",
            "pt", "{0, plural, one {# ponto} other {# pontos}}",
            "fr", "{0, plural, one {# point} other {# points}}",
            "es", "{0, plural, one {# punto} other {# puntos}}",
            "nl", "{0, plural, one {# punt} other {# punten}}",
            "it", "{0, plural, one {# punto} other {# punti}}");

    private FactValues() {
    }

    /**
     * Loads ICU's number, currency, plural and date classes now, on the calling (platform) thread. Their class
     * initialisation, first run by two of the dispatcher's virtual threads at once, pinned both carrier threads of a
     * 2-core machine waiting on a class initialisation monitor while the thread initialising it could not be
     * scheduled: the whole server hung. Called before any virtual thread renders.
     */
    public static void warmUp() {
        for (String language : List.of("en", "de")) {
            Formats formats = Formats.of(ULocale.forLanguageTag(language), language);
            formats.numbers().format(1234);
            formats.pointsWord().format(new Object[] {2});
            formats.dates().format(new Date());
        }
        com.ibm.icu.util.Currency.getInstance(ULocale.GERMANY);
        com.ibm.icu.text.NumberFormat.getCurrencyInstance(ULocale.US).format(1.5);
    }

    /**
     * ICU's formats of a language, built once: building them (parsing the plural pattern, loading the rules) cost
     * more than rendering the template. They are not thread-safe, so each is used under the lock of its holder.
     */
    private record Formats(NumberFormat numbers, MessageFormat pointsWord, DateFormat dates) {

        static Formats of(ULocale locale, String language) {
            return new Formats(NumberFormat.getIntegerInstance(locale),
                    new MessageFormat(POINTS_PATTERNS.getOrDefault(language, POINTS_PATTERNS.get("en")), locale),
                    DateFormat.getDateInstance(DateFormat.LONG, locale));
        }
    }

    /** Template languages are a handful; past this many, a language's formats are built for each use. */
    private static final int MAX_CACHED_LANGUAGES = 64;
    private static final Map<Locale, Formats> FORMATS = new ConcurrentHashMap<>();

    static Map<String, Object> of(TemplateFacts facts, Locale textLocale) {
        ULocale locale = ULocale.forLocale(textLocale);
        Formats formats = FORMATS.get(textLocale);
        if (formats == null) {
            formats = Formats.of(locale, textLocale.getLanguage());
            if (FORMATS.size() < MAX_CACHED_LANGUAGES) {
                formats = Objects.requireNonNullElse(FORMATS.putIfAbsent(textLocale, formats), formats);
            }
        }
        synchronized (formats) {
            return values(facts, formats);
        }
    }

    private static Map<String, Object> values(TemplateFacts facts, Formats formats) {
        NumberFormat numbers = formats.numbers();
        MessageFormat pointsWord = formats.pointsWord();
        Map<String, Object> values = new HashMap<>();
        putIfPresent(values, "givenName", facts.givenName());
        putIfPresent(values, "tierName", facts.tierName());
        putIfPresent(values, "nextTierName", facts.nextTierName());
        putIfPresent(values, "voucherCode", facts.voucherCode());
        putIfPresent(values, "voucherQrUrl", facts.voucherQrUrl() == null ? null : facts.voucherQrUrl().toString());
        putIfPresent(values, "storeName", facts.storeName());
        putPoints(values, "points", facts.points(), numbers, pointsWord);
        putPoints(values, "pendingPoints", facts.pendingPoints(), numbers, pointsWord);
        if (facts.nextTierName() != null) {
            putPoints(values, "pointsToNextTier", facts.pointsToNextTier(), numbers, pointsWord);
        }
        putIfPresent(values, "oneTimeCode", facts.oneTimeCode());
        putIfPresent(values, "purchaseTotal", facts.purchaseTotal());
        putIfPresent(values, "note", facts.note());
        putIfPresent(values, "unsubscribeUrl", facts.unsubscribeUrl() == null ? null : facts.unsubscribeUrl().toString());
        if (facts.pointsEarned() != null) {
            putPoints(values, "pointsEarned", facts.pointsEarned(), numbers, pointsWord);
        }
        if (facts.expiringPoints() > 0 && facts.expiresAt() != null) {
            putPoints(values, "expiringPoints", facts.expiringPoints(), numbers, pointsWord);
            DateFormat dates = formats.dates();
            // Through java.util.TimeZone: it turns offset zones ("+02:00") into "GMT+02:00", which ICU reads,
            // where ICU given the bare offset would silently use GMT.
            dates.setTimeZone(com.ibm.icu.util.TimeZone.getTimeZone(TimeZone.getTimeZone(facts.timeZone()).getID()));
            values.put("expiryDate", dates.format(Date.from(facts.expiresAt())));
        }
        return values;
    }

    private static void putPoints(Map<String, Object> values, String name, long count, NumberFormat numbers,
                                  MessageFormat pointsWord) {
        values.put(name, numbers.format(count));
        values.put(name + "Text", pointsWord.format(new Object[] {count}));
    }

    private static void putIfPresent(Map<String, Object> values, String name, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(name, value);
        }
    }
}
