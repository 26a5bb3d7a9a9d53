package io.punchcard.kiosk.text;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.NumberFormat;
import com.ibm.icu.util.Currency;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;

import io.punchcard.api.v1.MemberSummary;

/**
 * Numbers, money and dates as the shopper's language writes them (ICU4J's CLDR data), in the store's zone, and the
 * tier progress said as a sentence. Made per page: ICU's formats are not thread-safe, a page is rendered by one.
 *
 * @see Messages for the words around them
 */
public final class Formats {

    /** How far ahead a day and month alone cannot be mistaken for the same day of another year. */
    static final Duration WITHOUT_YEAR = Duration.ofDays(300);

    private final Language language;
    private final ULocale locale;
    private final TimeZone zone;
    private final Currency currency;
    private final Messages messages;

    public Formats(Language language, ZoneId zone, String currencyCode, Messages messages) {
        this.language = language;
        this.locale = ULocale.forLocale(language.locale());
        this.zone = TimeZone.getTimeZone(zone.getId());
        this.currency = Currency.getInstance(currencyCode);
        this.messages = messages;
    }

    /** A count of points, grouped as the language groups digits: {@code 1,250}, {@code 1.250}. */
    public String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }

    /** {@code value} points, with the language's plural: "1 point", "1.250 Punkte", "1,250 积分". */
    public String points(long value) {
        return messages.text(language, "points.count", value);
    }

    /** An amount in minor units of the program's currency: {@code €120.00}, {@code 120,00 €}, {@code €120.00}. */
    public String money(long minor) {
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        return format.format(BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()));
    }

    /** A day and month: "31 March", "31. März", "3月31日". */
    public String dayAndMonth(Instant at) {
        return format("dMMMM", at);
    }

    /** A full date: "31 March 2027", "31. März 2027", "2027年3月31日". */
    public String date(Instant at) {
        return format("yMMMMd", at);
    }

    /** A short date and time, for a purchase: "31 Mar 2027, 14:05". */
    public String dateTime(Instant at) {
        return format("yMMMdjmm", at);
    }

    private String format(String skeleton, Instant at) {
        DateFormat format = DateFormat.getInstanceForSkeleton(skeleton, locale);
        format.setTimeZone(zone);
        return format.format(Date.from(at));
    }

    /**
     * How far the member is from the next tier, in plain words: "€120.00 more by 31 March to reach Gold"; without a
     * deadline when nothing counts yet; a sentence of its own at the top. A deadline {@link #WITHOUT_YEAR} or
     * further ahead is said with its year: "by 7 December" on 7 December would read as today.
     *
     * @param nextTierName the next tier's name as the program calls it
     * @param asOf         when the progress was computed (the summary's {@code asOf})
     */
    public String tierProgress(MemberSummary.TierProgress progress, String nextTierName, Instant asOf) {
        if (progress == null || progress.nextTier() == null) {
            return messages.text(language, "tier.top");
        }
        String needed = "POINTS".equals(progress.basis()) ? points(progress.needed()) : money(progress.needed());
        return progress.neededBy() == null
                ? messages.text(language, "tier.progress", needed, nextTierName)
                : messages.text(language, "tier.progress.by", needed, progress.neededBy().isBefore(asOf.plus(WITHOUT_YEAR))
                        ? dayAndMonth(progress.neededBy()) : date(progress.neededBy()), nextTierName);
    }
}
