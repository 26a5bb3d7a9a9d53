package io.punchcard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The Campaigns and Program pages against a real core and campaign scheduler: a draft made from a 3R starter, its
 * audience built with the count the scheduler gives, a stale page's move refused as "someone changed it", the
 * campaign started and RUNNING; a program edit with a bad value shown beside the field, a good one found in the
 * version history with what it changed.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class CampaignsIT {

    private static final String PASSWORD = "campaign pages phrase";
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    private static ConsoleUnderTest console;
    private static Agent ada;
    private static Agent sam;
    private static java.util.UUID english;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        console = ConsoleUnderTest.start(postgres, Clock.systemUTC(), true);
        console.createAdmin("ada@example.com", "Ada Admin", PASSWORD);
        console.account("sam@example.com", "Sam Manager", StaffRole.STORE_MANAGER, List.of("S001"), PASSWORD);
        english = enroll("MEM1001", "+4915112341001", "en");
        enroll("MEM1002", "+4915112341002", "de");
        ada = console.loggedIn("ada@example.com", PASSWORD);
        sam = console.loggedIn("sam@example.com", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    private static java.util.UUID enroll(String card, String phone, String language) {
        return console.admin().enroll(new EnrollMember("Ana", "Campaign", phone, card.toLowerCase() + "@example.com", card,
                null, null, language, null, "POS", "S001", null, Map.of("email", new Consent(true, "till", null,
                null)), null)).id();
    }

    @Test
    void aDraftFromAStarterGetsAnAudienceWithItsCountAndRuns() throws Exception {
        HttpResponse<String> list = ada.get("/console/campaigns");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("value=\"win-back\""), "the 3R starters to begin from");

        HttpResponse<String> badId = ada.submit("/console/campaigns", "/console/campaigns", Map.of("id", "Win Back!",
                "starter", "win-back"));
        assertEquals(422, badId.statusCode(), badId.body());
        assertTrue(badId.body().contains("id=\"id-error\""), "the scheduler's problem beside the id");

        HttpResponse<String> made = ada.submit("/console/campaigns", "/console/campaigns", Map.of("id", "win-back-en",
                "starter", "win-back"));
        assertEquals(303, made.statusCode(), made.body());
        assertEquals("/console/campaigns/win-back-en", Agent.location(made));
        String page = ada.get("/console/campaigns/win-back-en").body();
        assertTrue(page.contains("id=\"campaign-status\">DRAFT<"), page);

        HttpResponse<String> preview = ada.post("/console/campaigns/win-back-en/preview", Agent.csrf(page),
                Map.of("template", "campaign-win-back", "member", english.toString()));
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("data-language=\"en\"") && preview.body().contains("data-language=\"de\""),
                "the win-back message in each of its languages: " + preview.body());
        HttpResponse<String> nobody = ada.post("/console/campaigns/win-back-en/preview", Agent.csrf(page),
                Map.of("template", "campaign-win-back", "member", "nobody"));
        assertEquals(422, nobody.statusCode(), nobody.body());
        assertTrue(nobody.body().contains("id=\"member-error\""), "the problem beside the member's field");

        // The scheduler learns members from the core's events feed: the count follows within moments.
        String counted = Await.value(() -> {
            try {
                String body = ada.post("/console/campaigns/win-back-en/count", Agent.csrf(page),
                        Map.of("languages", "en", "version", version(page))).body();
                return body.contains("<strong>1 member</strong>") ? body : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(20), "one English-speaking member counted");
        assertTrue(counted.contains("value=\"en\""), "the answer stays in the form");

        HttpResponse<String> wrong = ada.post("/console/campaigns/win-back-en/audience", Agent.csrf(page),
                Map.of("languages", "en", "minPurchases", "many", "version", version(page)));
        assertEquals(422, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("id=\"minPurchases-error\""), "the scheduler's problem beside the field");

        HttpResponse<String> saved = ada.post("/console/campaigns/win-back-en/audience", Agent.csrf(page),
                Map.of("languages", "en", "version", version(page)));
        assertEquals(303, saved.statusCode(), saved.body());

        HttpResponse<String> stale = ada.post("/console/campaigns/win-back-en/move", Agent.csrf(page),
                Map.of("move", "schedule", "version", version(page)));
        assertEquals(412, stale.statusCode(), "the page showed the version before the audience");
        assertTrue(stale.body().contains("Someone changed this campaign meanwhile"), stale.body());

        String now = ada.get("/console/campaigns/win-back-en").body();
        assertTrue(now.contains("value=\"en\""), "the saved audience, read back into the builder");
        HttpResponse<String> started = ada.post("/console/campaigns/win-back-en/move", Agent.csrf(now),
                Map.of("move", "schedule", "version", version(now)));
        assertEquals(303, started.statusCode(), started.body());
        String running = ada.get("/console/campaigns/win-back-en").body();
        assertTrue(running.contains("id=\"campaign-status\">RUNNING<"), running);
        assertTrue(running.contains("id=\"move-pause\""), "a running campaign can be paused");
        assertTrue(running.contains("id=\"verdict\""), "its results against the held-out members");

        String listed = sam.get("/console/campaigns").body();
        assertTrue(listed.contains("data-campaign=\"win-back-en\"") && listed.contains("data-status=\"RUNNING\""),
                "a store manager sees it running in the list: " + listed);
    }

    @Test
    void aProgramEditWithABadValueIsShownBesideTheFieldAndAGoodOneInTheHistory() throws Exception {
        HttpResponse<String> program = ada.get("/console/program");
        assertEquals(200, program.statusCode(), program.body());
        for (String part : List.of("rules-list", "tiers-list", "templates-list", "rewards-list", "stores-list")) {
            assertTrue(program.body().contains("id=\"" + part + "\""), part + " shown");
        }
        String reward = "/console/program/rewards/FIVE-OFF-500";

        HttpResponse<String> bad = ada.submit(reward, reward, Map.of("pointsPrice", "-5", "voucherTemplate",
                "FIVE-OFF"));
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("id=\"pointsPrice-error\""), "the core's problem beside the field");
        assertTrue(bad.body().contains("href=\"#pointsPrice\""), "and in the summary, linking to it");

        HttpResponse<String> good = ada.submit(reward, reward, Map.of("pointsPrice", "750", "voucherTemplate",
                "FIVE-OFF"));
        assertEquals(303, good.statusCode(), good.body());
        Matcher newest = Pattern.compile("data-version=\"(\\d+)\"").matcher(ada.get("/console/program").body());
        assertTrue(newest.find());
        String changes = ada.get("/console/program/versions/" + newest.group(1)).body();
        assertTrue(changes.contains("data-path=\"rewards[FIVE-OFF-500].pointsPrice\""), changes);
        assertTrue(changes.contains("<del>500</del>") && changes.contains("<ins>750</ins>"), changes);
        assertTrue(changes.contains("Ada Admin"), "who saved it");

        String read = sam.get(reward).body();
        assertTrue(read.contains("id=\"entry\"") && !read.contains("id=\"entry-form\""), "a store manager reads");
        assertEquals(403, sam.post(reward, Agent.csrf(read), Map.of("pointsPrice", "1")).statusCode());
    }

    private static String version(String page) {
        Matcher matcher = VERSION.matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }
}
