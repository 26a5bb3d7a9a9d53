package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import io.punchcard.campaign.message.SendRules.Candidate;
import io.punchcard.campaign.message.SendRules.ConsentState;
import io.punchcard.campaign.message.SendRules.Decision;
import io.punchcard.campaign.message.SendRules.Reason;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendRulesTest {

    private static final MessagingSettings SETTINGS = MessagingSettings.defaults(); // 3 in 7 days, quiet 21-09, 48h/24h
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NOON = Instant.parse("2027-06-15T10:00:00Z"); // 12:00 in Berlin
    private static final Instant TEN_PM = Instant.parse("2027-06-15T20:00:00Z"); // 22:00 in Berlin
    private static final ConsentState CONSENTED = new ConsentState(true, Instant.parse("2027-01-01T00:00:00Z"), null);
    private static final ConsentState NO_CONSENT = new ConsentState(false, Instant.parse("2027-01-01T00:00:00Z"), null);

    @Test
    void aConsentedMarketingMessageAtNoonUnderTheCapIsSent() {
        assertEquals(new Decision.Send(), SendRules.decide(marketing(true, CONSENTED, NOON, 2), SETTINGS, NOON));
    }

    @Test
    void aMessageOlderThanItsPurposesMaxAgeIsDroppedAndOneExactlyAtItIsNot() {
        Instant due = NOON.minus(Duration.ofHours(48));
        assertEquals(new Decision.Send(), SendRules.decide(marketing(true, CONSENTED, due, 0), SETTINGS, NOON));
        assertReason(Reason.EXPIRED, SendRules.decide(marketing(true, CONSENTED, due.minusSeconds(1), 0), SETTINGS, NOON));
        // Transactional: 24 hours.
        Instant dueCode = NOON.minus(Duration.ofHours(24));
        assertEquals(new Decision.Send(), SendRules.decide(transactional(true, dueCode), SETTINGS, NOON));
        assertReason(Reason.EXPIRED, SendRules.decide(transactional(true, dueCode.minusSeconds(1)), SETTINGS, NOON));
    }

    @Test
    void expiryIsReportedBeforeEveryOtherReason() {
        Candidate everythingWrong = marketing(false, NO_CONSENT, NOON.minus(Duration.ofDays(3)), 99);
        Decision decision = SendRules.decide(everythingWrong, SETTINGS, TEN_PM);
        assertReason(Reason.EXPIRED, decision);
        assertEquals("due 2027-06-12T10:00:00Z, not sent within PT48H (by 2027-06-14T10:00:00Z)",
                ((Decision.Suppress) decision).detail());
    }

    @Test
    void aMemberWithoutAnAddressGetsNothingWhateverThePurpose() {
        assertReason(Reason.NO_ADDRESS, SendRules.decide(transactional(false, NOON), SETTINGS, NOON));
        // Before consent: both are wrong, the address is named.
        assertReason(Reason.NO_ADDRESS, SendRules.decide(marketing(false, NO_CONSENT, NOON, 0), SETTINGS, NOON));
    }

    @Test
    void marketingNeedsConsentTransactionalDoesNot() {
        assertReason(Reason.NO_CONSENT, SendRules.decide(marketing(true, NO_CONSENT, NOON, 0), SETTINGS, NOON));
        Candidate code = new Candidate(Purpose.TRANSACTIONAL, Channel.SMS, true, NO_CONSENT, NOON, BERLIN, 0);
        assertEquals(new Decision.Send(), SendRules.decide(code, SETTINGS, NOON));
    }

    @Test
    void aLocalOptOutNewerThanTheCoresConsentWinsAndAConsentGivenAgainAfterItWins() {
        Instant consentedAt = Instant.parse("2027-01-01T00:00:00Z");
        Instant optedOutAt = Instant.parse("2027-06-01T08:00:00Z");
        // The core still says yes from January; the member clicked unsubscribe in June.
        Decision optedOut = SendRules.decide(marketing(true, new ConsentState(true, consentedAt, optedOutAt), NOON, 0),
                SETTINGS, NOON);
        assertReason(Reason.NO_CONSENT, optedOut);
        assertEquals("opted out of EMAIL at 2027-06-01T08:00:00Z, not before the consent of 2027-01-01T00:00:00Z",
                ((Decision.Suppress) optedOut).detail());
        // They opted in again at the till a day later.
        ConsentState again = new ConsentState(true, optedOutAt.plus(Duration.ofDays(1)), optedOutAt);
        assertEquals(new Decision.Send(), SendRules.decide(marketing(true, again, NOON, 0), SETTINGS, NOON));
        // The same instant: the opt-out stands.
        assertReason(Reason.NO_CONSENT,
                SendRules.decide(marketing(true, new ConsentState(true, optedOutAt, optedOutAt), NOON, 0), SETTINGS, NOON));
        // A consent without a date cannot be shown to be newer.
        assertReason(Reason.NO_CONSENT,
                SendRules.decide(marketing(true, new ConsentState(true, null, optedOutAt), NOON, 0), SETTINGS, NOON));
        assertEquals(new Decision.Send(),
                SendRules.decide(marketing(true, new ConsentState(true, null, null), NOON, 0), SETTINGS, NOON));
    }

    @Test
    void marketingStopsAtTheCapTransactionalDoesNot() {
        assertEquals(new Decision.Send(), SendRules.decide(marketing(true, CONSENTED, NOON, 2), SETTINGS, NOON));
        Decision capped = SendRules.decide(marketing(true, CONSENTED, NOON, 3), SETTINGS, NOON);
        assertReason(Reason.CAPPED, capped);
        // The window of 7 days in Berlin from 15 June began 9 June at 00:00+02:00.
        assertEquals("3 marketing messages since 2027-06-08T22:00:00Z, the cap is 3 in 7 days",
                ((Decision.Suppress) capped).detail());
        Candidate receipt = new Candidate(Purpose.TRANSACTIONAL, Channel.EMAIL, true, CONSENTED, NOON, BERLIN, 50);
        assertEquals(new Decision.Send(), SendRules.decide(receipt, SETTINGS, NOON));
    }

    @Test
    void consentIsCheckedBeforeTheCap() {
        assertReason(Reason.NO_CONSENT, SendRules.decide(marketing(true, NO_CONSENT, NOON, 3), SETTINGS, NOON));
    }

    @Test
    void marketingDueInQuietHoursWaitsForTheirEndTransactionalGoesAtOnce() {
        // 22:00 in Berlin -> 2027-06-16T09:00+02:00 = 07:00Z.
        assertEquals(new Decision.Defer(Instant.parse("2027-06-16T07:00:00Z"), Reason.QUIET_HOURS),
                SendRules.decide(marketing(true, CONSENTED, TEN_PM, 0), SETTINGS, TEN_PM));
        assertEquals(new Decision.Send(), SendRules.decide(transactional(true, TEN_PM), SETTINGS, TEN_PM));
    }

    @Test
    void theCapIsCheckedBeforeQuietHoursSoACappedMessageIsNotDeferredInVain() {
        assertReason(Reason.CAPPED, SendRules.decide(marketing(true, CONSENTED, TEN_PM, 3), SETTINGS, TEN_PM));
    }

    @Test
    void quietHoursAreTheMembersNotTheServers() {
        // 2027-06-15T20:00Z is 01:30 on the 16th in Kolkata (quiet until 09:00+05:30 = 03:30Z), 16:00 in New York.
        Candidate inKolkata = new Candidate(Purpose.MARKETING, Channel.SMS, true, CONSENTED, TEN_PM,
                ZoneId.of("Asia/Kolkata"), 0);
        assertEquals(new Decision.Defer(Instant.parse("2027-06-16T03:30:00Z"), Reason.QUIET_HOURS),
                SendRules.decide(inKolkata, SETTINGS, TEN_PM));
        Candidate inNewYork = new Candidate(Purpose.MARKETING, Channel.SMS, true, CONSENTED, TEN_PM,
                ZoneId.of("America/New_York"), 0);
        assertEquals(new Decision.Send(), SendRules.decide(inNewYork, SETTINGS, TEN_PM));
    }

    @Test
    void aDeferredMessageWhoseDueAtTheStoreMovedIsSentEvenWithTheShortestMaxAge() {
        MessagingSettings strict = new MessagingSettings(new FrequencyCap(3, 7),
                new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0)), Map.of(Channel.EMAIL, 14, Channel.SMS, 10),
                Duration.ofMinutes(1), Duration.ofMinutes(1));
        Decision.Defer deferred = assertInstanceOf(Decision.Defer.class,
                SendRules.decide(marketing(true, CONSENTED, TEN_PM, 0), strict, TEN_PM));
        // The store writes until as the new dueAt; the dispatcher picks it up 30 s later.
        Instant later = deferred.until().plusSeconds(30);
        assertEquals(new Decision.Send(), SendRules.decide(marketing(true, CONSENTED, deferred.until(), 0), strict, later));
    }

    @Test
    void aCandidateWithoutItsFactsIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Candidate(Purpose.MARKETING, Channel.EMAIL, true, null, NOON, BERLIN, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Candidate(Purpose.MARKETING, Channel.EMAIL, true, CONSENTED, NOON, BERLIN, -1));
    }

    private static Candidate marketing(boolean hasAddress, ConsentState consent, Instant dueAt, long sentInWindow) {
        return new Candidate(Purpose.MARKETING, Channel.EMAIL, hasAddress, consent, dueAt, BERLIN, sentInWindow);
    }

    private static Candidate transactional(boolean hasAddress, Instant dueAt) {
        return new Candidate(Purpose.TRANSACTIONAL, Channel.SMS, hasAddress, NO_CONSENT, dueAt, BERLIN, 0);
    }

    private static void assertReason(Reason expected, Decision decision) {
        assertEquals(expected, assertInstanceOf(Decision.Suppress.class, decision).reason(), decision::toString);
    }
}
