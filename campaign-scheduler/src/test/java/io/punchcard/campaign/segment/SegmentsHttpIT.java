package io.punchcard.campaign.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/** A manager's way through segments over HTTP: preview, save, change, tag the members, tag one member, tag rules. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class SegmentsHttpIT {

    private static final UUID GOLDIE = new UUID(0, 1);
    private static final UUID SILVIA = new UUID(0, 2);
    private static final Map<String, Object> GOLD = Map.of("field", "tier", "op", "in", "value", List.of("GOLD"));

    private static MessagesUnderTest app;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        app = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of());
        try (Connection c = app.schedulerDb().unwrap(Connection.class); Statement s = c.createStatement()) {
            s.execute("INSERT INTO member_facts (member_id, tier, spend_minor, updated_at) VALUES ('" + GOLDIE
                    + "', 'GOLD', 90000, now()), ('" + SILVIA + "', 'SILVER', 1000, now())");
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aRuleWithMistakesIsRefusedWithThePathOfEach() {
        var answer = app.call("POST", "/scheduler/v1/segments/preview", Map.of("rule", Map.of("all", List.of(GOLD,
                Map.of("any", List.of(Map.of("field", "tier", "op", "in", "value", "GOLD")))))), app.adminKey);
        assertEquals(400, answer.status(), answer.body());
        assertEquals("rule.all[1].any[0].value", answer.json().path("field").asText());
        assertEquals("must be a list of tier codes", answer.json().path("errors").get(0).path("detail").asText());

        answer = app.call("POST", "/scheduler/v1/segments", Map.of("name", " ", "rule", Map.of("field", "nope")));
        assertEquals(400, answer.status(), answer.body());
        assertEquals(List.of("name", "rule.field", "rule.op"), fields(answer.json()));
    }

    private static List<String> fields(JsonNode problem) {
        return java.util.stream.StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(e -> e.path("field").asText()).toList();
    }

    @Test
    void aPreviewCountsAndShowsTheMembers() {
        var answer = app.call("POST", "/scheduler/v1/segments/preview", Map.of("rule", GOLD), app.adminKey);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(1, answer.json().path("count").asLong());
        assertEquals(GOLDIE.toString(), answer.json().path("sample").get(0).path("memberId").asText());
        assertEquals(90000, answer.json().path("sample").get(0).path("spendMinor").asLong());
        assertEquals(403, app.call("POST", "/scheduler/v1/segments/preview", Map.of("rule", GOLD), app.kioskKey).status());
    }

    @Test
    void aSavedSegmentIsVersionedAndTagsItsMembersInOneGo() {
        var created = app.call("POST", "/scheduler/v1/segments", Map.of("name", "Gold members", "rule", GOLD));
        assertEquals(201, created.status(), created.body());
        assertEquals("\"1\"", created.headers().get("etag").get(0));
        long id = created.json().path("id").asLong();
        String path = "/scheduler/v1/segments/" + id;
        assertEquals(409, app.call("POST", "/scheduler/v1/segments", Map.of("name", "GOLD MEMBERS", "rule", GOLD)).status());

        Map<String, Object> change = Map.of("name", "Gold and silver", "rule",
                Map.of("field", "tier", "op", "in", "value", List.of("GOLD", "SILVER")));
        assertEquals(428, app.call("PUT", path, change).status());
        var updated = app.call("PUT", path, change, app.adminKey, Map.of("If-Match", "\"1\""));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(2, updated.json().path("version").asInt());
        assertEquals(412, app.call("PUT", path, change, app.adminKey, Map.of("If-Match", "\"1\"")).status());
        var read = app.call("GET", path, null);
        assertEquals("Gold and silver", read.json().path("name").asText());
        assertEquals(List.of("GOLD", "SILVER"), List.of(read.json().path("rule").path("value").get(0).asText(),
                read.json().path("rule").path("value").get(1).asText()));
        assertTrue(app.call("GET", "/scheduler/v1/segments", null).body().contains("Gold and silver"));

        var tagged = app.call("POST", path + "/tag", Map.of("tag", "club"));
        assertEquals(200, tagged.status(), tagged.body());
        assertEquals(2, tagged.json().path("tagged").asLong());
        assertEquals(0, app.call("POST", path + "/tag", Map.of("tag", "club")).json().path("tagged").asLong());
        assertEquals(2, app.call("POST", "/scheduler/v1/segments/preview", Map.of("rule",
                Map.of("field", "tags", "op", "contains", "value", "club"))).json().path("count").asLong());

        assertEquals(204, app.call("DELETE", path, null).status());
        assertEquals(404, app.call("GET", path, null).status());
        assertEquals(404, app.call("POST", path + "/tag", Map.of("tag", "club")).status());
    }

    @Test
    void staffSetAndRemoveOneMembersTag() {
        String path = "/scheduler/v1/members/" + SILVIA + "/tags/needs%20a%20call";
        var set = app.call("PUT", path, null);
        assertEquals(200, set.status(), set.body());
        assertTrue(set.json().path("added").asBoolean());
        assertEquals("needs a call", set.json().path("tag").asText());
        assertFalse(app.call("PUT", path, null).json().path("added").asBoolean());
        assertEquals(1, app.call("POST", "/scheduler/v1/segments/preview", Map.of("rule",
                Map.of("field", "tags", "op", "contains", "value", "needs a call"))).json().path("count").asLong());
        assertEquals(204, app.call("DELETE", path, null).status());
        assertEquals(404, app.call("DELETE", path, null).status());
        var unknown = app.call("PUT", "/scheduler/v1/members/" + new UUID(7, 7) + "/tags/vip", null);
        assertEquals(404, unknown.status());
        assertEquals("memberId", unknown.json().path("field").asText());
    }

    @Test
    void aTagRuleTagsTheMembersItMatchesWhenRefreshed() {
        var created = app.call("POST", "/scheduler/v1/tag-rules", Map.of("tag", "big-spender", "rule",
                Map.of("field", "spend", "op", "gte", "value", 50000)));
        assertEquals(201, created.status(), created.body());
        assertEquals(409, app.call("POST", "/scheduler/v1/tag-rules", Map.of("tag", "big-spender", "rule", GOLD)).status());
        var refreshed = app.call("POST", "/scheduler/v1/tag-rules/big-spender/refresh", null);
        assertEquals(200, refreshed.status(), refreshed.body());
        assertEquals(1, refreshed.json().path("added").asLong());
        assertEquals(0, refreshed.json().path("removed").asLong());

        var changed = app.call("PUT", "/scheduler/v1/tag-rules/big-spender", Map.of("rule",
                Map.of("field", "spend", "op", "gte", "value", 100)), app.adminKey, Map.of("If-Match", "\"1\""));
        assertEquals(200, changed.status(), changed.body());
        refreshed = app.call("POST", "/scheduler/v1/tag-rules/big-spender/refresh", null);
        assertEquals(1, refreshed.json().path("added").asLong());
        assertFalse(app.call("GET", "/scheduler/v1/tag-rules/big-spender", null).json().path("refreshedAt").isMissingNode());
        assertEquals(204, app.call("DELETE", "/scheduler/v1/tag-rules/big-spender", null).status());
        assertEquals(404, app.call("POST", "/scheduler/v1/tag-rules/big-spender/refresh", null).status());
    }
}
