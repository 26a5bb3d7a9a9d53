package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The read model behind a running core and scheduler: a member's facts and the rebuild through the scheduler's
 * API, and (once the core writes the typed events) a sale at the till reaching the facts.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class FactsFromCoreIT {

    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of("facts.poll-millis", "100"));
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void aMembersFactsAreReadByStaffAndARebuildNeedsAnAdmin() throws Exception {
        UUID ada = UUID.randomUUID();
        try (Connection c = messages.schedulerDb().unwrap(Connection.class);
             PreparedStatement ps = c.prepareStatement("INSERT INTO scheduler.member_facts (member_id, tier, purchases, "
                     + "spend_minor, visits_30, spend_30, windows_on, categories, points_expiring, updated_at) VALUES "
                     + "(?, 'GOLD', 3, 7500, 2, 5000, ?, '{shoes,tea}', '[{\"on\": \"2027-01-31\", \"points\": 120}]', now())")) {
            ps.setObject(1, ada);
            ps.setObject(2, LocalDate.of(2026, 12, 7));
            ps.executeUpdate();
        }

        MessagesUnderTest.Answer facts = messages.call("GET", "/scheduler/v1/members/" + ada + "/facts", null);
        assertEquals(200, facts.status(), facts.body());
        assertEquals("GOLD", facts.json().path("tier").asText());
        assertEquals(3, facts.json().path("purchases").asInt());
        assertEquals(2, facts.json().path("windows").path("visits30").asInt());
        assertEquals("2026-12-07", facts.json().path("windows").path("on").asText());
        assertEquals(List.of("shoes", "tea"), List.of(facts.json().path("categories").get(0).asText(),
                facts.json().path("categories").get(1).asText()));
        assertEquals(120, facts.json().path("pointsExpiring").get(0).path("points").asInt());

        assertEquals(404, messages.call("GET", "/scheduler/v1/members/" + UUID.randomUUID() + "/facts", null).status());
        MessagesUnderTest.Answer notAnId = messages.call("GET", "/scheduler/v1/members/ada/facts", null);
        assertEquals(400, notAnId.status());
        assertTrue(notAnId.body().contains("memberId"), notAnId.body());

        assertEquals(401, messages.call("POST", "/scheduler/v1/facts/rebuild", null, null).status());
        assertEquals(403, messages.call("POST", "/scheduler/v1/facts/rebuild", null, messages.kioskKey).status());
        assertEquals(200, messages.call("GET", "/scheduler/v1/members/" + ada + "/facts", null).status(),
                "a refused rebuild changed nothing");

        MessagesUnderTest.Answer rebuilt = messages.call("POST", "/scheduler/v1/facts/rebuild", null);
        assertEquals(202, rebuilt.status(), rebuilt.body());
        assertEquals("", rebuilt.json().path("position").asText());
        assertEquals(404, messages.call("GET", "/scheduler/v1/members/" + ada + "/facts", null).status(),
                "a row no event made is gone, and no event brings it back");
    }

    @Test
    void aSaleAtTheTillReachesTheMembersFactsAndARebuildGivesTheSameFacts() throws Exception {
        MemberView ada = messages.enroll("Ada", "ada-facts@example.com", null, true, false, "en");
        Instant at = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        messages.admin.recordPurchase(new RecordPurchase(new PurchaseSource("POS", "S001", "T1", null),
                "sale-" + UUID.randomUUID(), MemberRef.id(ada.id()), at, "EUR",
                List.of(new PurchaseLine("SKU-1", "shirts", BigDecimal.ONE, 2_500L, 0L)), null, null, null, 2_500L,
                null, null));

        JsonNode facts = factsOnce(ada.id(), f -> f.path("purchases").asInt() == 1 && f.path("pointsAvailable").asLong()
                + f.path("pointsPending").asLong() > 0);
        assertEquals(1, facts.path("windows").path("visits30").asInt());
        assertEquals(2_500, facts.path("windows").path("spend30").asLong());
        assertEquals("shirts", facts.path("categories").get(0).asText());
        assertTrue(facts.path("emailConsent").asBoolean());
        assertEquals(at, Instant.parse(facts.path("firstPurchaseAt").asText()));

        assertEquals(202, messages.call("POST", "/scheduler/v1/facts/rebuild", null).status());
        JsonNode again = factsOnce(ada.id(), f -> f.equals(facts));
        assertEquals(facts, again);
    }

    private static JsonNode factsOnce(UUID member, java.util.function.Predicate<JsonNode> ready) throws InterruptedException {
        return Await.value(() -> {
            MessagesUnderTest.Answer answer = messages.call("GET", "/scheduler/v1/members/" + member + "/facts", null);
            return answer.status() == 200 && ready.test(answer.json()) ? answer.json() : null;
        }, Duration.ofSeconds(30), "the facts of " + member);
    }
}
