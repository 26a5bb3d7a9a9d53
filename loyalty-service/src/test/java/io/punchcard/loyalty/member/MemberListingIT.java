package io.punchcard.loyalty.member;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/members} without an identifier lists and searches members for staff; with one it still finds
 * the one member holding it.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class MemberListingIT {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private static CoreUnderTest core;
    private static final List<UUID> ENROLLED = new ArrayList<>();

    @BeforeAll
    static void start(TestPostgres postgres) {
        MutableClock clock = new MutableClock(START);
        core = CoreUnderTest.start(postgres, clock);
        String[][] people = {
                {"Ana", "Silva", "S001"}, {"Bruno", "Costa", "S001"}, {"Carla", "100% Real", "WEB"},
                {"Dora", "Sil_va", "WEB"}, {"Eva", "Silvana", "S001"}};
        for (int i = 0; i < 25; i++) {
            String[] person = people[i % people.length];
            // The last five join in the same instant: their order is their ids'.
            if (i <= 20) {
                clock.advance(Duration.ofHours(1));
            }
            CoreUnderTest.Response joined = core.post("/api/v1/members", new EnrollMember(person[0], person[1], null,
                    null, "MLIST" + i, null, null, "en", null, person[2].equals("WEB") ? "ONLINE" : "POS", person[2],
                    null, null, null));
            assertEquals(201, joined.status(), joined.body().toString());
            ENROLLED.add(UUID.fromString(joined.text("id")));
        }
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @Test
    void pagingWithAnyPageSizeListsEveryMemberOnceNewestFirst() {
        for (int limit : new int[] {1, 7, 100}) {
            List<JsonNode> seen = Fixtures.allPages(core, "/api/v1/members?limit=" + limit, "members");

            assertEquals(ENROLLED.size(), seen.size(), "limit " + limit);
            Set<String> ids = new HashSet<>();
            seen.forEach(m -> ids.add(m.get("id").asText()));
            assertEquals(ENROLLED.size(), ids.size(), "no member twice with limit " + limit);
            assertEquals(ENROLLED.get(19).toString(), seen.get(5).get("id").asText(),
                    "the five who joined last, together, come first");
            assertEquals(ENROLLED.get(0).toString(), seen.get(seen.size() - 1).get("id").asText());
        }
    }

    @Test
    void searchByNameTierStoreAndJoiningTime() {
        assertEquals(15, count("name=sil"), "Silva, Sil_va, Silvana");
        // LIKE's wildcards are letters in a name: '_' and '%' match only themselves.
        assertEquals(5, count("name=" + encoded("_")));
        assertEquals(5, count("name=" + encoded("%")));
        assertEquals(5, count("name=" + encoded("ana silva")));
        assertEquals(10, count("store=WEB"));
        assertEquals(25, count("tier=MEMBER"));
        assertEquals(3, count("joinedFrom=" + encoded(START.plus(Duration.ofHours(1)).toString())
                + "&joinedTo=" + encoded(START.plus(Duration.ofHours(4)).toString())));
        assertEquals(5, count("store=S001&name=silva&joinedTo=" + encoded(START.plus(Duration.ofHours(12)).toString())));

        JsonNode found = core.get("/api/v1/members?name=bruno&limit=1").body();
        JsonNode bruno = found.get("members").get(0);
        assertEquals("Bruno", bruno.get("givenName").asText());
        assertEquals("MLIST21", bruno.get("cardNumber").asText(), "the newest Bruno, with his identifiers");
        assertTrue(found.has("next"));
    }

    @Test
    void aLookupByIdentifierAnswersAsBefore() {
        CoreUnderTest.Response one = core.get("/api/v1/members?card=MLIST3&name=nobody");
        CoreUnderTest.Response none = core.get("/api/v1/members?card=NOBODY");

        assertEquals(200, one.status());
        assertEquals(ENROLLED.get(3).toString(), one.text("id"));
        assertFalse(one.body().has("members"));
        assertEquals(404, none.status());
        assertEquals("cardNumber", none.text("field"));
    }

    @Test
    void badParametersAreA400NamingTheParameter() {
        Map<String, String> bad = Map.of("limit=0", "limit", "limit=x", "limit", "after=abc", "after",
                "joinedFrom=monday", "joinedFrom", "name=", "name", "name=%00", "name");
        bad.forEach((query, field) -> {
            CoreUnderTest.Response refused = core.get("/api/v1/members?" + query);
            assertEquals(400, refused.status(), query + ": " + refused.body());
            // One field is named in "field"; several in "errors" (a NUL is refused before the listing reads it).
            String named = refused.body().has("field") ? refused.text("field")
                    : refused.body().get("errors").get(0).get("field").asText();
            assertEquals(field, named, query + ": " + refused.body());
        });
    }

    @Test
    void aConnectorMayLookUpButNotListAKioskNeitherAndAStoreListsItsOwnMembers() {
        CoreUnderTest kiosk = core.as(Fixtures.apiKey(core, "KIOSK", null));
        CoreUnderTest web = core.as(Fixtures.apiKey(core, "STORE", "WEB"));

        // A kiosk finds the shopper by opening a session with what it scanned (StolenKioskKeyIT), never by a lookup.
        assertEquals(403, kiosk.get("/api/v1/members?card=MLIST0").status());
        assertEquals(403, kiosk.get("/api/v1/members").status());
        assertEquals(403, kiosk.get("/api/v1/members?name=ana").status());
        assertEquals(10, web.get("/api/v1/members?limit=100").body().get("members").size());
        CoreUnderTest connector = core.as(Fixtures.apiKey(core, "CONNECTOR", null));
        assertEquals(200, connector.get("/api/v1/members?card=MLIST0").status());
        assertEquals(403, connector.get("/api/v1/members").status(), "a connector key is no export of every member");
        assertEquals(403, web.get("/api/v1/members?store=S001").status());
    }

    private static long count(String query) {
        CoreUnderTest.Response page = core.get("/api/v1/members?limit=500&" + query);
        assertEquals(200, page.status(), query + ": " + page.body());
        return page.body().get("members").size();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
