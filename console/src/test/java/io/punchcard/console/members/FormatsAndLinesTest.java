package io.punchcard.console.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;
import io.punchcard.api.v1.AuditPage;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.LedgerEntry;
import io.punchcard.api.v1.TimelineEntry;

class FormatsAndLinesTest {

    private static final Formats BERLIN = new Formats("EUR", ZoneId.of("Europe/Berlin"));
    private static final Instant AT = Instant.parse("2026-12-07T15:04:00Z");

    @Test
    void pointsMoneyAndTimesAreWrittenForPeople() {
        assertEquals("1,250", BERLIN.points(1250));
        assertEquals("+50", BERLIN.signedPoints(50));
        assertEquals("-1,000", BERLIN.signedPoints(-1000));
        assertEquals("€12.34", BERLIN.money(1234));
        String yen = new Formats("JPY", null).money(1234);
        assertTrue(yen.endsWith("1,234") && !yen.contains("."), "a currency without minor units: " + yen);
        assertEquals("7 Dec 2026, 16:04", BERLIN.when(AT), "in the program's zone");
        assertEquals("7 Dec 2026, 15:04", new Formats(null, null).when(AT), "UTC when the zone is not known");
        assertEquals("12.34", new Formats(null, null).money(1234));
    }

    @Test
    void aLedgerEntrySaysWhatItDidInWordsNotByColourAlone() {
        Lines.LedgerLine taken = Lines.ledger(new LedgerEntry(7, "ADJUST", -20, "Damaged goods", null,
                "ada@example.com", AT), BERLIN);
        assertEquals("Adjusted by staff", taken.kind());
        assertEquals("-20", taken.points());
        assertTrue(taken.taken());
        assertEquals("Damaged goods", taken.reason());
        assertFalse(Lines.ledger(new LedgerEntry(8, "EARN", 40, null, UUID.randomUUID(), "key:k1", AT), BERLIN).taken());
        assertEquals("SOMETHING_NEW", Lines.ledger(new LedgerEntry(9, "SOMETHING_NEW", 1, null, null, null, AT),
                BERLIN).kind(), "a kind this console does not know is shown as the core names it");
    }

    @Test
    void theTimelineTellsEachKindOfEvent() throws Exception {
        assertEquals("€39.98 at S001 (In store), +40 points", line("purchase",
                "{\"channel\":\"POS\",\"store\":\"S001\",\"totalMinor\":3998,\"points\":40,\"history\":false}").detail());
        assertEquals("€10.00 refunded, 10 points taken back", line("refund",
                "{\"eligibleMinor\":1000,\"pointsReversed\":10}").detail());
        Lines.TimelineLine merged = line("points", "{\"kind\":\"MERGE\",\"points\":120,\"reason\":\"merged from 42\"}");
        assertEquals("Points: moved by a merge", merged.what());
        assertEquals("+120 — merged from 42", merged.detail());
        assertEquals("MEMBER → SILVER (upgrade)", line("tier",
                "{\"from\":\"MEMBER\",\"to\":\"SILVER\",\"reason\":\"upgrade\"}").detail());
        assertEquals("Issued, code ABCD", line("voucher",
                "{\"code\":\"ABCD\",\"template\":\"FIVE-OFF\",\"status\":\"ISSUED\"}").detail());
        assertEquals("7 Dec 2026, 16:04", merged.when());
    }

    @Test
    void aConsentSaysWhereAndWhenItWasGiven() {
        Lines.ConsentLine email = Lines.consent("email", new Consent(true, "kiosk", AT, null), BERLIN);
        assertEquals(new Lines.ConsentLine("E-mail", "Given", "kiosk", "7 Dec 2026, 16:04"), email);
        assertEquals("Not given", Lines.consent("sms", new Consent(false, "pos", AT, null), BERLIN).state());
    }

    @Test
    void anAuditEntryNamesThePersonAndTheGistOfTheChange() throws Exception {
        Lines.AuditLine adjusted = Lines.audit(new AuditPage.Entry(UUID.randomUUID(), AT, UUID.randomUUID(), "k1",
                "Ada Admin", "ada@example.com", "member.adjust", "member:x", Json.mapper().readTree("{\"balance\":0}"),
                Json.mapper().readTree("{\"balance\":25,\"points\":25,\"reason\":\"Late parcel\"}")), BERLIN);
        assertEquals(new Lines.AuditLine("7 Dec 2026, 16:04", "Points adjusted", "Ada Admin (ada@example.com)",
                "+25 points: Late parcel"), adjusted);
        Lines.AuditLine byKey = Lines.audit(new AuditPage.Entry(UUID.randomUUID(), AT, null, "k9", null, null,
                "member.erase", "member:x", null, Json.mapper().readTree("{\"reason\":\"GDPR\"}")), BERLIN);
        assertEquals("key k9", byKey.who());
        assertEquals("GDPR", byKey.detail());
    }

    private static Lines.TimelineLine line(String type, String detail) throws Exception {
        JsonNode node = Json.mapper().readTree(detail);
        return Lines.timeline(new TimelineEntry(AT, type, node), BERLIN);
    }
}
