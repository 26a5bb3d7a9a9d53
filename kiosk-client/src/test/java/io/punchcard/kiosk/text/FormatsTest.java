package io.punchcard.kiosk.text;

import java.time.Instant;
import java.time.ZoneId;

import io.punchcard.api.v1.MemberSummary.TierProgress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Numbers, money, dates and the tier sentence as each language writes them, in the store's zone. */
class FormatsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 23:30 UTC on 30 March is already 31 March in Berlin: dates are the store's. */
    private static final Instant END_OF_MARCH = Instant.parse("2027-03-30T23:30:00Z");
    private static final Instant MID_DECEMBER = Instant.parse("2026-12-15T10:00:00Z");

    private static Formats in(Language language) {
        return new Formats(language, BERLIN, "EUR", Messages.bundled());
    }

    @Test
    void pointsAreGroupedAndCountedAsEachLanguageDoes() {
        assertEquals("1,250 points", in(Language.EN).points(1250));
        assertEquals("1 point", in(Language.EN).points(1));
        assertEquals("1.250 Punkte", in(Language.DE).points(1250));
        assertEquals("1 Punkt", in(Language.DE).points(1));
        assertEquals("1,250积分", in(Language.ZH_HANS).points(1250));
    }

    @Test
    void moneyIsInTheProgramsCurrencyWithItsMinorUnits() {
        assertEquals("€120.00", in(Language.EN).money(12000));
        assertEquals("120,00\u00a0€", in(Language.DE).money(12000));
        assertEquals("€120.00", in(Language.ZH_HANS).money(12000));
        assertEquals("JP¥1,200", new Formats(Language.EN, BERLIN, "JPY", Messages.bundled()).money(1200));
    }

    @Test
    void datesAreTheStoresDayInTheShoppersLanguage() {
        assertEquals("31 March", in(Language.EN).dayAndMonth(END_OF_MARCH));
        assertEquals("31. März", in(Language.DE).dayAndMonth(END_OF_MARCH));
        assertEquals("3月31日", in(Language.ZH_HANS).dayAndMonth(END_OF_MARCH));
        assertEquals("31 March 2027", in(Language.EN).date(END_OF_MARCH));
        assertEquals("31. März 2027", in(Language.DE).date(END_OF_MARCH));
        assertEquals("2027年3月31日", in(Language.ZH_HANS).date(END_OF_MARCH));
    }

    @Test
    void theTierProgressIsAPlainSentenceInEachLanguage() {
        TierProgress spend = new TierProgress("SPEND", 30000, "GOLD", 12000, END_OF_MARCH);
        assertEquals("€120.00 more by 31 March to reach Gold", in(Language.EN).tierProgress(spend, "Gold", MID_DECEMBER));
        assertEquals("Noch 120,00\u00a0€ bis zum 31. März, dann sind Sie Gold", in(Language.DE).tierProgress(spend, "Gold", MID_DECEMBER));
        assertEquals("在3月31日前再消费€120.00即可升级为Gold", in(Language.ZH_HANS).tierProgress(spend, "Gold", MID_DECEMBER));
    }

    @Test
    void aDeadlineAYearAheadIsSaidWithItsYear() {
        TierProgress spend = new TierProgress("SPEND", 30000, "GOLD", 12000, END_OF_MARCH);
        Instant aYearBefore = END_OF_MARCH.minus(java.time.Duration.ofDays(365));
        assertEquals("€120.00 more by 31 March 2027 to reach Gold", in(Language.EN).tierProgress(spend, "Gold", aYearBefore));
        assertEquals("在2027年3月31日前再消费€120.00即可升级为Gold", in(Language.ZH_HANS).tierProgress(spend, "Gold", aYearBefore));
    }

    @Test
    void withoutADeadlineOrAtTheTopTheSentenceSaysSo() {
        TierProgress points = new TierProgress("POINTS", 0, "SILVER", 500, null);
        assertEquals("500 points more to reach Silver", in(Language.EN).tierProgress(points, "Silver", MID_DECEMBER));
        assertEquals("Noch 500 Punkte, dann sind Sie Silver", in(Language.DE).tierProgress(points, "Silver", MID_DECEMBER));
        TierProgress top = new TierProgress("SPEND", 200000, null, 0, null);
        assertEquals("You are in our highest tier. Thank you!", in(Language.EN).tierProgress(top, null, MID_DECEMBER));
        assertEquals("您已是我们的最高等级会员。谢谢！", in(Language.ZH_HANS).tierProgress(top, null, MID_DECEMBER));
    }
}
