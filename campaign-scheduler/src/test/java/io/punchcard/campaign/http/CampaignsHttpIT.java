package io.punchcard.campaign.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.campaign.support.MessagesUnderTest.Answer;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The campaign routes' contract as a console or an integrator meets it: drafts from the starters, versions and
 * If-Match, every problem of a spec at once, the moves of a campaign's life and the ones refused with their reason,
 * the audit trail, results of a fresh campaign, and which keys may do what.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class CampaignsHttpIT {

    private static final String CAMPAIGNS = "/scheduler/v1/campaigns";

    private static MessagesUnderTest app;

    @BeforeAll
    static void start(TestPostgres postgres) {
        app = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aStarterBecomesADraftWhoseVersionIsItsETag() {
        Answer created = app.call("POST", CAMPAIGNS, Map.of("id", "bday", "fromTemplate", "birthday-voucher"));

        assertEquals(201, created.status(), created.body());
        assertEquals("\"1\"", header(created, "ETag"));
        assertEquals(CAMPAIGNS + "/bday", header(created, "Location"));
        assertEquals("DRAFT", created.json().path("status").asText());
        assertEquals("sweep", created.json().path("spec").path("trigger").path("type").asText());
        assertEquals("BIRTHDAY", created.json().path("spec").path("trigger").path("sweep").asText());
        assertEquals("issueVoucher", created.json().path("spec").path("actions").get(0).path("type").asText());
        assertEquals(0, created.json().path("effects").path("planned").asLong());

        Answer read = app.call("GET", CAMPAIGNS + "/bday", null);
        assertEquals(200, read.status(), read.body());
        assertEquals("\"1\"", header(read, "ETag"));
        assertEquals(created.json().path("spec"), read.json().path("spec"));
        assertTrue(ids(app.call("GET", CAMPAIGNS, null).json().path("campaigns")).contains("bday"));

        Answer again = app.call("POST", CAMPAIGNS, Map.of("id", "bday", "fromTemplate", "win-back"));
        assertEquals(409, again.status(), again.body());
        assertEquals("https://punchcard.io/problems/campaign-exists", again.json().path("type").asText());
        assertEquals("BIRTHDAY", app.call("GET", CAMPAIGNS + "/bday", null).json().path("spec").path("trigger")
                .path("sweep").asText(), "the first campaign is left as it was");
        assertEquals(404, app.call("GET", CAMPAIGNS + "/no-such-campaign", null).status());
    }

    @Test
    void aChangeToAVersionSomeoneReplacedMeanwhileIsRefused() {
        JsonNode spec = create("stale-edit", "welcome-bonus").path("spec");
        ObjectNode renamed = ((ObjectNode) spec.deepCopy()).put("name", "Welcome, first edit");

        Answer first = app.call("PUT", CAMPAIGNS + "/stale-edit", renamed, app.adminKey, Map.of("If-Match", "\"1\""));
        assertEquals(200, first.status(), first.body());
        assertEquals("\"2\"", header(first, "ETag"));

        Answer stale = app.call("PUT", CAMPAIGNS + "/stale-edit", renamed.deepCopy().put("name", "Lost edit"),
                app.adminKey, Map.of("If-Match", "\"1\""));
        assertEquals(412, stale.status(), stale.body());
        assertEquals("https://punchcard.io/problems/version-mismatch", stale.json().path("type").asText());
        assertEquals("If-Match", stale.json().path("field").asText());
        JsonNode now = app.call("GET", CAMPAIGNS + "/stale-edit", null).json();
        assertEquals("Welcome, first edit", now.path("spec").path("name").asText());
        assertEquals(2, now.path("version").asLong());

        Answer moved = app.call("POST", CAMPAIGNS + "/stale-edit/schedule", null, app.adminKey, Map.of("If-Match", "\"1\""));
        assertEquals(412, moved.status(), moved.body());
        Answer deleted = app.call("DELETE", CAMPAIGNS + "/stale-edit", null, app.adminKey, Map.of("If-Match", "\"1\""));
        assertEquals(412, deleted.status(), deleted.body());
        assertEquals("DRAFT", app.call("GET", CAMPAIGNS + "/stale-edit", null).json().path("status").asText());
    }

    @Test
    void everyProblemOfACampaignIsListedWithItsPathAndNothingIsSaved() {
        Map<String, Object> spec = Map.of("name", "Lapsed", "family", "RETAIN",
                "trigger", Map.of("type", "sweep", "sweep", "INACTIVE"),
                "actions", List.of(Map.of("type", "grantPoints", "points", 0)));

        Answer created = app.call("POST", CAMPAIGNS, Map.of("id", "Not An Id", "spec", spec));
        assertEquals(400, created.status(), created.body());
        assertEquals(List.of("id", "spec.trigger.days", "spec.actions[0].points"), fields(created.json()));

        create("lapsed", "win-back");
        Answer updated = app.call("PUT", CAMPAIGNS + "/lapsed", spec);
        assertEquals(400, updated.status(), updated.body());
        assertEquals(List.of("trigger.days", "actions[0].points"), fields(updated.json()));
        assertEquals(1, app.call("GET", CAMPAIGNS + "/lapsed", null).json().path("version").asLong());

        Answer badType = app.call("POST", CAMPAIGNS, Map.of("id", "bad-type", "spec", Map.of("name", "x", "family",
                "RETAIN", "trigger", Map.of("type", "weekly"))));
        assertEquals(400, badType.status(), badType.body());
        assertEquals("spec.trigger.type", badType.json().path("field").asText());
        assertEquals("Field 'spec.trigger.type' must be one of event, schedule, sweep, earning.",
                badType.json().path("detail").asText());

        Answer nullBody = app.call("PUT", CAMPAIGNS + "/lapsed", "null");
        assertEquals(400, nullBody.status(), nullBody.body());
        Answer unknownSegment = app.call("POST", CAMPAIGNS, Map.of("id", "nobody", "spec", Map.of("name", "x",
                "family", "RETAIN", "audience", Map.of("segment", 424242),
                "trigger", Map.of("type", "event", "event", "JOINED"),
                "actions", List.of(Map.of("type", "addTag", "tag", "new")))));
        assertEquals(400, unknownSegment.status(), unknownSegment.body());
        assertEquals("spec.audience.segment", unknownSegment.json().path("field").asText());
        List<String> saved = ids(app.call("GET", CAMPAIGNS, null).json().path("campaigns"));
        assertFalse(saved.contains("bad-type") || saved.contains("nobody"), saved.toString());
    }

    @Test
    void oddButWellFormedPartsOfASpecAreRefusedByTheirPath() {
        Map<String, Object> joined = Map.of("type", "event", "event", "JOINED");
        List<Map<String, Object>> tag = List.of(Map.of("type", "addTag", "tag", "new"));
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("spec.audience.segment", Map.of("audience", Map.of("segment", Long.MAX_VALUE), "trigger", joined,
                "actions", tag));
        cases.put("spec.audience", Map.of("audience", Map.of("segment", 1, "rule", Map.of("field", "tier", "op", "in",
                "value", List.of("GOLD"))), "trigger", joined, "actions", tag));
        cases.put("spec.trigger.type", Map.of("trigger", Map.of("event", "JOINED"), "actions", tag));
        cases.put("spec.trigger.date", Map.of("trigger", Map.of("type", "schedule", "date", "2027-02-30", "time",
                "10:00"), "actions", tag));
        cases.put("spec.trigger.daysOfWeek[0]", Map.of("trigger", Map.of("type", "earning", "multiplierPercent", 200,
                "daysOfWeek", List.of("FUNDAY"))));
        cases.put("spec.actions[0]", Map.of("trigger", joined, "actions", Collections.singletonList(null)));
        cases.put("spec.actions[0].type", Map.of("trigger", joined, "actions", List.of(Map.of("type", "refund"))));
        cases.forEach((field, part) -> {
            Map<String, Object> spec = new HashMap<>(Map.of("name", "Odd", "family", "RECRUIT"));
            spec.putAll(part);
            Answer answer = app.call("POST", CAMPAIGNS, Map.of("id", "odd", "spec", spec));
            assertEquals(400, answer.status(), field + ": " + answer.body());
            assertTrue(answer.body().contains("\"field\":\"" + field + "\""), field + ": " + answer.body());
        });
        assertEquals(404, app.call("GET", CAMPAIGNS + "/odd", null).status());
    }

    @Test
    void aCampaignRunsPausesResumesAndFinishesAndAMoveThatDoesNotApplySaysWhy() {
        create("life", "win-back");

        Answer scheduled = move("life", "schedule");
        assertEquals(200, scheduled.status(), scheduled.body());
        assertEquals("RUNNING", scheduled.json().path("status").asText(), "no startsAt: it runs at once");
        assertTrue(scheduled.json().path("spec").path("startsAt").isMissingNode());
        assertFalse(scheduled.json().path("runningSince").asText().isEmpty(), scheduled.body());
        assertEquals("\"2\"", header(scheduled, "ETag"));

        refused(move("life", "schedule"), "only a draft can be scheduled; this campaign is RUNNING.");
        refused(move("life", "resume"), "only a paused campaign can be resumed; this one is RUNNING.");
        refused(app.call("DELETE", CAMPAIGNS + "/life", null),
                "only a draft can be deleted; finish a RUNNING campaign instead.");

        assertEquals("PAUSED", move("life", "pause").json().path("status").asText());
        refused(move("life", "pause"), "only a running campaign can be paused; this one is PAUSED.");
        assertEquals("RUNNING", move("life", "resume").json().path("status").asText());
        assertEquals("FINISHED", move("life", "finish").json().path("status").asText());
        refused(move("life", "finish"), "a FINISHED campaign cannot be finished.");
        refused(app.call("PUT", CAMPAIGNS + "/life", app.call("GET", CAMPAIGNS + "/life", null).json().path("spec")),
                "a finished campaign cannot be changed.");

        Answer unknown = move("life", "restart");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("move", unknown.json().path("field").asText());

        create("scrap", "referral");
        refused(move("scrap", "finish"), "a DRAFT campaign cannot be finished (delete the draft).");
        assertEquals(204, app.call("DELETE", CAMPAIGNS + "/scrap", null).status());
        assertEquals(404, app.call("GET", CAMPAIGNS + "/scrap", null).status());
        assertEquals(404, app.call("DELETE", CAMPAIGNS + "/scrap", null).status());
    }

    @Test
    void theAuditTrailSaysWhoDidWhatWithTheCampaignBeforeAndAfter() {
        JsonNode spec = create("audited", "points-expiring").path("spec");
        app.call("PUT", CAMPAIGNS + "/audited", ((ObjectNode) spec.deepCopy()).put("name", "Points expiring: reminder"));
        move("audited", "schedule");
        move("audited", "pause");
        move("audited", "finish");

        JsonNode entries = app.call("GET", CAMPAIGNS + "/audited/audit", null).json().path("entries");
        assertEquals(List.of("finish", "pause", "schedule", "update", "create"), values(entries, "action"));
        entries.forEach(entry -> assertEquals("tests", entry.path("actor").asText(), "the admin key's name"));
        JsonNode update = entries.get(3);
        assertEquals("Points expiring soon", update.path("before").path("spec").path("name").asText());
        assertEquals("Points expiring: reminder", update.path("after").path("spec").path("name").asText());
        JsonNode pause = entries.get(1);
        assertEquals("RUNNING", pause.path("before").path("status").asText());
        assertEquals("PAUSED", pause.path("after").path("status").asText());
        assertTrue(entries.get(4).path("before").isMissingNode(), "nothing before a creation");

        create("gone", "referral");
        app.call("DELETE", CAMPAIGNS + "/gone", null);
        JsonNode trail = app.call("GET", CAMPAIGNS + "/gone/audit", null).json().path("entries");
        assertEquals(List.of("delete", "create"), values(trail, "action"));
        assertTrue(trail.get(0).path("after").isMissingNode(), "nothing after a deletion");
        assertEquals(404, app.call("GET", CAMPAIGNS + "/never-was/audit", null).status());
    }

    @Test
    void theEightStartersAreListedAndEachMakesAValidDraft() {
        Answer listed = app.call("GET", "/scheduler/v1/campaign-templates", null);
        assertEquals(200, listed.status(), listed.body());
        JsonNode templates = listed.json().path("templates");
        assertEquals(List.of("welcome-bonus", "referral", "spend-threshold-voucher", "double-points-weekend",
                "tier-up-welcome", "birthday-voucher", "win-back", "points-expiring"), values(templates, "code"));

        for (JsonNode template : templates) {
            String id = "starter-" + template.path("code").asText();
            Answer created = app.call("POST", CAMPAIGNS, Map.of("id", id, "fromTemplate", template.path("code").asText()));
            assertEquals(201, created.status(), created.body());
            assertEquals(template.path("spec"), created.json().path("spec"), id);
            Answer written = app.call("POST", CAMPAIGNS, Map.of("id", id + "-2", "spec", template.path("spec")));
            assertEquals(201, written.status(), "the starter's spec is valid as written out too: " + written.body());
        }
    }

    @Test
    void aFreshCampaignHasResultsThatSayThereAreTooFewMembers() {
        create("fresh", "spend-threshold-voucher");

        Answer results = app.call("GET", CAMPAIGNS + "/fresh/results", null);
        assertEquals(200, results.status(), results.body());
        assertEquals("fresh", results.json().path("campaign").asText());
        assertEquals(14, results.json().path("attributionDays").asInt());
        assertEquals("TOO_FEW_MEMBERS", results.json().path("results").path("verdict").asText());
        assertFalse(results.json().path("results").path("summary").asText().isBlank(), results.body());
        assertEquals(0, results.json().path("results").path("treated").path("members").asLong());
        assertEquals(0, results.json().path("spend").path("points").asLong());
        assertEquals(404, app.call("GET", CAMPAIGNS + "/no-such-campaign/results", null).status());
    }

    @Test
    void aStoreKeyMayChangeCampaignsAConnectorKeyOnlyReadAndNoKeyNothing() {
        app.addStores(Map.of("CAMPAIGN-HQ", "Europe/Berlin"));
        String store = key("campaign-store", "STORE", "CAMPAIGN-HQ");
        String connector = key("campaign-connector", "CONNECTOR", null);

        Answer created = app.call("POST", CAMPAIGNS, Map.of("id", "by-store", "fromTemplate", "welcome-bonus"), store);
        assertEquals(201, created.status(), created.body());
        assertEquals("campaign-store", created.json().path("createdBy").asText());
        assertEquals(200, app.call("POST", CAMPAIGNS + "/by-store/schedule", null, store).status());

        assertEquals(200, app.call("GET", CAMPAIGNS + "/by-store", null, connector).status());
        assertEquals(200, app.call("GET", CAMPAIGNS + "/by-store/audit", null, connector).status());
        assertEquals(200, app.call("GET", CAMPAIGNS + "/by-store/results", null, connector).status());
        assertEquals(403, app.call("POST", CAMPAIGNS, Map.of("id", "by-connector", "fromTemplate", "referral"),
                connector).status());
        assertEquals(403, app.call("POST", CAMPAIGNS + "/by-store/pause", null, connector).status());
        assertEquals(403, app.call("DELETE", CAMPAIGNS + "/by-store", null, connector).status());
        assertEquals(403, app.call("GET", CAMPAIGNS, null, app.kioskKey).status());

        assertEquals(401, app.call("GET", CAMPAIGNS, null, null).status());
        assertEquals(401, app.call("POST", CAMPAIGNS + "/by-store/finish", null, null).status());
        assertEquals(401, app.call("GET", "/scheduler/v1/campaign-templates", null, null).status());
        assertEquals("RUNNING", app.call("GET", CAMPAIGNS + "/by-store", null).json().path("status").asText());
        move("by-store", "finish");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static JsonNode create(String id, String starter) {
        Answer created = app.call("POST", CAMPAIGNS, Map.of("id", id, "fromTemplate", starter));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private static Answer move(String id, String move) {
        return app.call("POST", CAMPAIGNS + "/" + id + "/" + move, null);
    }

    private static void refused(Answer answer, String reason) {
        assertEquals(409, answer.status(), answer.body());
        assertEquals("https://punchcard.io/problems/campaign-state", answer.json().path("type").asText());
        assertEquals(reason, answer.json().path("detail").asText());
    }

    private static String key(String name, String scope, String store) {
        Map<String, String> body = store == null ? Map.of("name", name, "scope", scope)
                : Map.of("name", name, "scope", scope, "store", store);
        Answer created = app.call("POST", app.coreUri() + "/api/v1/admin/api-keys", body);
        assertEquals(201, created.status(), created.body());
        return created.json().path("token").asText();
    }

    private static String header(Answer answer, String name) {
        return answer.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    private static List<String> fields(JsonNode problem) {
        return values(problem.path("errors"), "field");
    }

    private static List<String> ids(JsonNode campaigns) {
        return values(campaigns, "id");
    }

    private static List<String> values(JsonNode list, String field) {
        return StreamSupport.stream(list.spliterator(), false).map(e -> e.path(field).asText()).toList();
    }
}
