package io.punchcard.loyalty.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The program changed in parts: a store, a voucher template, a reward, an earning rule, the tiers; each checked
 * with the body's field paths, each a new version, and two managers who read the same version cannot overwrite each
 * other unseen.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class ProgramPartsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private record Answer(int status, String etag, JsonNode body) {
    }

    private static Answer send(String method, String path, String body, String ifMatch, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(core.baseUri() + path))
                .header("Authorization", "Bearer " + core.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
                response.body().isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(response.body()));
    }

    private static Answer current() throws Exception {
        return send("GET", "/api/v1/program", null, null, null);
    }

    @Test
    void aStoreIsAddedWithoutResendingTheProgramAndTheRestIsKept() throws Exception {
        Answer before = current();
        assertEquals("\"" + before.body().get("version").asInt() + "\"", before.etag());

        Answer saved = send("PUT", "/api/v1/program/stores/9", """
                {"name": "Store 9, Columbus", "timezone": "America/New_York"}""", before.etag(), null);

        assertEquals(200, saved.status(), saved.body().toString());
        int version = before.body().get("version").asInt() + 1;
        assertEquals(version, saved.body().get("version").asInt());
        assertEquals("\"" + version + "\"", saved.etag());
        JsonNode stores = current().body().at("/program/stores");
        JsonNode added = stores.get(stores.size() - 1);
        assertEquals("9", added.get("code").asText());
        assertEquals("America/New_York", added.get("timezone").asText());
        assertEquals(before.body().at("/program/stores").size() + 1, stores.size());
        assertEquals(before.body().at("/program/earning"), current().body().at("/program/earning"));
    }

    @Test
    void anUnchangedProgramIsA304() throws Exception {
        Answer now = current();

        Answer again = send("GET", "/api/v1/program", null, null, now.etag());

        assertEquals(304, again.status());
        assertEquals(now.etag(), again.etag());
        assertEquals(200, send("GET", "/api/v1/program", null, null, "\"0\"").status());
    }

    @Test
    void twoManagersWhoReadTheSameVersionCannotOverwriteEachOther() throws Exception {
        String read = current().etag();

        Answer first = send("PUT", "/api/v1/program/rewards/TEN-PERCENT-300",
                """
                {"pointsPrice": 300, "voucherTemplate": "TEN-PERCENT"}""", read, null);
        Answer second = send("PUT", "/api/v1/program/rewards/TEN-PERCENT-300",
                """
                {"pointsPrice": 250, "voucherTemplate": "TEN-PERCENT"}""", read, null);

        assertEquals(200, first.status(), first.body().toString());
        assertEquals(412, second.status());
        assertEquals("https://punchcard.io/problems/program-changed", second.body().get("type").asText());
        assertEquals("If-Match", second.body().get("field").asText());
        JsonNode rewards = current().body().at("/program/rewards");
        long price = 0;
        for (JsonNode reward : rewards) {
            if (reward.get("code").asText().equals("TEN-PERCENT-300")) {
                price = reward.get("pointsPrice").asLong();
            }
        }
        assertEquals(300, price, "the second manager's change was not saved over the first's");
    }

    @Test
    void aBadPartIsRefusedWithTheBodysFieldPathsAndNothingIsSaved() throws Exception {
        Answer before = current();

        Answer refused = send("PUT", "/api/v1/program/templates/FIVE-OFF", """
                {"kind": "AMOUNT_OFF", "amountMinor": 0, "validDays": 90, "usesPerVoucher": 1}""", null, null);
        Answer badZone = send("PUT", "/api/v1/program/stores/S001", """
                {"name": "Main Street", "timezone": "Mars/Olympus"}""", null, null);
        Answer otherCode = send("PUT", "/api/v1/program/stores/S001", """
                {"code": "S002", "name": "Main Street"}""", null, null);
        Answer nothing = send("PUT", "/api/v1/program/stores/S001", "null", null, null);
        Answer badTag = send("PUT", "/api/v1/program/stores/S001", """
                {"name": "Main Street"}""", "yesterday", null);

        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("amountMinor", refused.body().get("field").asText());
        assertEquals(400, badZone.status());
        assertEquals("timezone", badZone.body().get("field").asText());
        assertEquals(400, otherCode.status());
        assertEquals("code", otherCode.body().get("field").asText());
        assertEquals(400, nothing.status(), nothing.body().toString());
        assertEquals(400, badTag.status());
        assertEquals("If-Match", badTag.body().get("field").asText());
        assertEquals(before.body().get("version"), current().body().get("version"));
    }

    @Test
    void removingATemplateARewardStillUsesIsRefusedWithTheRewardsPath() throws Exception {
        Answer refused = send("DELETE", "/api/v1/program/templates/FIVE-OFF", null, null, null);
        Answer unknown = send("DELETE", "/api/v1/program/rewards/NO-SUCH", null, null, null);

        assertEquals(400, refused.status(), refused.body().toString());
        assertTrue(refused.body().get("field").asText().matches("rewards\\[\\d+]\\.voucherTemplate"),
                refused.body().toString());
        assertEquals(404, unknown.status());
    }

    @Test
    void aVoucherNameInAnotherCurrencyIsRefusedAndALeftOutNameIsSaidInTheProgramsCurrency() throws Exception {
        Answer named = send("PUT", "/api/v1/program/templates/SEVEN-OFF", """
                {"name": "7 EUR off", "kind": "AMOUNT_OFF", "amountMinor": 700, "validDays": 30, "usesPerVoucher": 1}""",
                null, null);
        assertEquals(200, named.status(), "EUR is the program's currency: " + named.body());

        JsonNode program = current().body().get("program").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) program).put("currency", "USD");
        Answer toDollars = send("PUT", "/api/v1/program", program.toString(), null, null);

        assertEquals(400, toDollars.status());
        assertTrue(toDollars.body().get("field").asText().matches("voucherTemplates\\[\\d+]\\.name"),
                toDollars.body().toString());
        assertTrue(toDollars.body().get("detail").asText().contains("names EUR"), toDollars.body().toString());

        assertEquals(200, send("PUT", "/api/v1/program/templates/SEVEN-OFF", """
                {"kind": "AMOUNT_OFF", "amountMinor": 700, "validDays": 30, "usesPerVoucher": 1}""", null, null).status());
        JsonNode issued = core.post("/api/v1/vouchers", java.util.Map.of("template", "SEVEN-OFF", "reason", "test")).body();
        assertEquals("7 EUR off", issued.get("name").asText(), "said from the kind: " + issued);
    }

    @Test
    void anEarningRuleAndTheTiersAreChangedAlone() throws Exception {
        Answer rule = send("PUT", "/api/v1/program/earning/rules/shoes-triple", """
                {"kind": "MULTIPLIER", "multiplierPercent": 300, "match": {"categories": ["shoes"]}}""", null, null);
        assertEquals(200, rule.status(), rule.body().toString());
        JsonNode rules = current().body().at("/program/earning/rules");
        assertEquals("shoes-triple", rules.get(rules.size() - 1).get("id").asText());

        JsonNode tiers = current().body().at("/program/tiers").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) tiers).put("graceDays", 45);
        Answer ladder = send("PUT", "/api/v1/program/tiers", tiers.toString(), null, null);
        assertEquals(200, ladder.status(), ladder.body().toString());
        assertEquals(45, current().body().at("/program/tiers/graceDays").asInt());

        Answer badRule = send("PUT", "/api/v1/program/earning/rules/bad", """
                {"kind": "MULTIPLIER", "multiplierPercent": 50000, "match": {}}""", null, null);
        assertEquals(400, badRule.status());
        assertEquals("multiplierPercent", badRule.body().get("field").asText(), badRule.body().toString());
        assertEquals(200, send("DELETE", "/api/v1/program/earning/rules/shoes-triple", null, null, null).status());
    }
}
