package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Quiet hours (21:00-09:00, set through the settings API) on each member's own clock, their home store's: one
 * marketing e-mail planned at the same instant goes at once to a member in New York, waits for 09:00 in Tokyo,
 * and waits for 09:00 in Berlin across the night the clocks spring forward there; none is dropped.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class QuietHoursIT {

    /** 23:30 in Berlin (CET) on the night of 28 March 2027, when its clocks go from 02:00 to 03:00. */
    private static final Instant BERLIN_HALF_PAST_ELEVEN = Instant.parse("2027-03-27T22:30:00Z");

    private static final MutableClock CLOCK = new MutableClock(BERLIN_HALF_PAST_ELEVEN.minusSeconds(60));
    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, CLOCK, Map.of("welcome.enabled", "false"));
        messages.addStores(Map.of("NYC", "America/New_York", "TYO", "Asia/Tokyo"));
        messages.changeSettings(document -> document.putObject("quietHours").put("start", "21:00").put("end", "09:00"));
        // Past the scheduler's copy of the program (read again after 15 s), so the new stores' zones count.
        CLOCK.set(BERLIN_HALF_PAST_ELEVEN);
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void aMessageDueInAMembersQuietHoursWaitsForNineOnTheirClockAndThenGoes() throws Exception {
        MemberView berlin = messages.enrollAt("Berta", "berta@example.com", "S001", List.of());
        MemberView newYork = messages.enrollAt("Ned", "ned@example.com", "NYC", List.of());
        MemberView tokyo = messages.enrollAt("Tomo", "tomo@example.com", "TYO", List.of());
        long toBerlin = offer(berlin);
        long toNewYork = offer(newYork);
        long toTokyo = offer(tokyo);

        // 18:30 in New York: not quiet.
        messages.messageIn(toNewYork, "SENT", 20);
        // 07:30 on Sunday in Tokyo: 09:00 JST is midnight UTC.
        JsonNode tokyoWaits = deferred(toTokyo);
        assertEquals(Instant.parse("2027-03-28T00:00:00Z"), Instant.parse(tokyoWaits.get("notBefore").asText()));
        assertEquals(Instant.parse("2027-03-28T00:00:00Z"), Instant.parse(tokyoWaits.get("dueAt").asText()));
        // 23:30 CET; 09:00 the next morning is summer time already (UTC+2), not 08:00 UTC.
        JsonNode berlinWaits = deferred(toBerlin);
        assertEquals(Instant.parse("2027-03-28T07:00:00Z"), Instant.parse(berlinWaits.get("notBefore").asText()));
        assertEquals(1, messages.mailTo("ned@example.com").size());
        assertEquals(0, messages.mailTo("tomo@example.com").size());
        assertEquals(0, messages.mailTo("berta@example.com").size());

        CLOCK.set(Instant.parse("2027-03-28T00:00:01Z"));
        messages.messageIn(toTokyo, "SENT", 20);
        assertEquals("QUEUED", messages.message(toBerlin).path("state").asText(), "01:00 in Berlin: still quiet");
        assertEquals(0, messages.mailTo("berta@example.com").size());

        // 08:59 CEST: still quiet.
        CLOCK.set(Instant.parse("2027-03-28T06:59:00Z"));
        Thread.sleep(500);
        assertEquals("QUEUED", messages.message(toBerlin).path("state").asText());

        CLOCK.set(Instant.parse("2027-03-28T07:00:01Z"));
        messages.messageIn(toBerlin, "SENT", 20);
        Await.until(() -> messages.mailTo("berta@example.com").size() == 1, Duration.ofSeconds(10), "Berta's e-mail");
        assertEquals(1, messages.mailTo("tomo@example.com").size());
    }

    /** The message once a worker has deferred it. */
    private static JsonNode deferred(long id) throws InterruptedException {
        return Await.value(() -> {
            JsonNode m = messages.message(id);
            return "QUEUED".equals(m.path("state").asText()) && m.path("steps").toString().contains("DEFERRED") ? m
                    : null;
        }, Duration.ofSeconds(20), "message " + id + " deferred");
    }

    private static long offer(MemberView member) {
        MessagesUnderTest.Answer queued = messages.call("POST", "/scheduler/v1/messages", Map.of(
                "requestId", "quiet-" + UUID.randomUUID(), "memberId", member.id().toString(), "template", "welcome"));
        assertEquals(202, queued.status(), queued.body());
        return queued.json().get("id").asLong();
    }
}
