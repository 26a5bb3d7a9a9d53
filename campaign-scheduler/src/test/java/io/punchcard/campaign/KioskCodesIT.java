package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * A shopper signs in at the kiosk with the code sent to their phone: the right code opens the kiosk's session in
 * the real core as the member who has the number, and nobody else; a number no member has is proven all the same,
 * for a sign-up; while the core is away the code is kept for another try; a kiosk gets a limited number of codes
 * per quarter of an hour (here 3), whatever the numbers, while other kiosks go on asking.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class KioskCodesIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2027-01-11T10:00:00Z"));
    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, CLOCK, Map.of("welcome.enabled", "false",
                "one-time-codes.per-kiosk", "3"));
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void theRightCodeOpensTheKiosksSessionForTheMemberWithThatNumberAndNoOther() throws Exception {
        String phone = "+4915112340501";
        MemberView member = messages.enroll("Ada", null, phone, false, true, "en");
        MemberView other = messages.enroll("Bea", null, "+4915112340502", false, true, "en");
        String kiosk = messages.newKey("kiosk-1", Scope.KIOSK);
        String id = request(kiosk, phone);
        String code = messages.codeSentTo(phone);

        MessagesUnderTest.Answer right = check(kiosk, id, code);
        MessagesUnderTest.Answer again = check(kiosk, id, code);

        assertEquals(200, right.status(), right.body());
        assertEquals(phone, right.json().path("phone").asText());
        assertEquals(member.id().toString(), right.json().path("session").path("memberId").asText(), right.body());
        PunchcardClient inSession = kioskClient(kiosk).inKioskSession(right.json().path("session").path("token").asText());
        MemberSummary summary = inSession.summary(member.id());
        assertEquals(member.id(), summary.memberId());
        PunchcardException refused = assertThrows(PunchcardException.class, () -> inSession.summary(other.id()));
        assertEquals(403, refused.status(), refused.getMessage());
        assertEquals(404, again.status(), "a code opens one session: " + again.body());
    }

    @Test
    void theRightCodeForANumberNoMemberHasIsProvenWithoutASessionAndUsed() throws Exception {
        String phone = "+4915112340511";
        String kiosk = messages.newKey("kiosk-2", Scope.KIOSK);
        String id = request(kiosk, phone);
        String code = messages.codeSentTo(phone);

        MessagesUnderTest.Answer right = check(kiosk, id, code);
        MessagesUnderTest.Answer again = check(kiosk, id, code);

        assertEquals(200, right.status(), right.body());
        assertEquals(phone, right.json().path("phone").asText());
        assertTrue(right.json().has("session") && right.json().get("session").isNull(), right.body());
        assertEquals(404, again.status(), "the number is proven once: " + again.body());
    }

    @Test
    void anAdminKeyLearnsTheNumberButOpensNoSession() throws Exception {
        String phone = "+4915112340561";
        messages.enroll("Fay", null, phone, false, true, "en");
        String id = request(messages.adminKey, phone);

        MessagesUnderTest.Answer right = check(messages.adminKey, id, messages.codeSentTo(phone));

        assertEquals(200, right.status(), right.body());
        assertEquals(phone, right.json().path("phone").asText());
        assertTrue(right.json().get("session").isNull(), "sessions are a KIOSK key's: " + right.body());
    }

    @Test
    void whileTheCoreIsAwayTheRightCodeIsUnavailableAndWorksOnceItIsBack() throws Exception {
        String phone = "+4915112340521";
        MemberView member = messages.enroll("Cem", null, phone, false, true, "en");
        String kiosk = messages.newKey("kiosk-3", Scope.KIOSK);
        String id = request(kiosk, phone);
        String code = messages.codeSentTo(phone);

        messages.stopCore();
        MessagesUnderTest.Answer away;
        try {
            away = check(kiosk, id, code);
        } finally {
            messages.startCore();
        }
        MessagesUnderTest.Answer back = check(kiosk, id, code);

        assertEquals(503, away.status(), away.body());
        assertEquals("core-unavailable", type(away), away.body());
        assertEquals(200, back.status(), back.body());
        assertEquals(member.id().toString(), back.json().path("session").path("memberId").asText(), back.body());
    }

    @Test
    void tenChecksOfOneRightCodeAtOnceOpenOneSessionToBeShown() throws Exception {
        String phone = "+4915112340531";
        messages.enroll("Dan", null, phone, false, true, "en");
        String kiosk = messages.newKey("kiosk-4", Scope.KIOSK);
        String id = request(kiosk, phone);
        String code = messages.codeSentTo(phone);

        List<MessagesUnderTest.Answer> answers = MessagesUnderTest.atOnce(10, () -> check(kiosk, id, code));

        assertEquals(1, answers.stream().filter(a -> a.status() == 200).count(), MessagesUnderTest.statuses(answers));
        assertEquals(9, answers.stream().filter(a -> a.status() == 404).count(), MessagesUnderTest.statuses(answers));
    }

    @Test
    void aKioskIsSentThreeCodesAQuarterOfAnHourWhileAnotherKioskStillAsks() {
        String kiosk = messages.newKey("kiosk-5", Scope.KIOSK);
        String elsewhere = messages.newKey("kiosk-6", Scope.KIOSK);
        for (int i = 1; i <= 3; i++) {
            request(kiosk, "+491511234054" + i);
        }

        MessagesUnderTest.Answer fourth = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", "+4915112340544", "language", "en"), kiosk);
        MessagesUnderTest.Answer atAnotherKiosk = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", "+4915112340544", "language", "en"), elsewhere);

        assertEquals(429, fourth.status(), fourth.body());
        assertEquals("too-many-codes-for-kiosk", type(fourth), fourth.body());
        long retryAfter = Long.parseLong(fourth.headers().get("retry-after").getFirst());
        assertTrue(retryAfter > 0 && retryAfter <= Duration.ofMinutes(15).toSeconds(), "Retry-After " + retryAfter);
        assertEquals(202, atAnotherKiosk.status(), atAnotherKiosk.body());
    }

    @Test
    void fiveWrongCodesLockTheNumberAndTheRightOneThenOpensNoSession() throws Exception {
        String phone = "+4915112340551";
        messages.enroll("Eva", null, phone, false, true, "en");
        String kiosk = messages.newKey("kiosk-7", Scope.KIOSK);
        String id = request(kiosk, phone);
        String code = messages.codeSentTo(phone);
        String wrong = code.equals("000000") ? "111111" : "000000";

        List<Integer> wrongs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            wrongs.add(check(kiosk, id, wrong).status());
        }
        MessagesUnderTest.Answer rightButLocked = check(kiosk, id, code);

        assertEquals(List.of(422, 422, 422, 422, 429), wrongs);
        assertEquals(429, rightButLocked.status(), rightButLocked.body());
        assertEquals("number-locked", type(rightButLocked), rightButLocked.body());
        assertNotNull(rightButLocked.headers().get("retry-after"));
    }

    private static PunchcardClient kioskClient(String kioskKey) {
        return new PunchcardClient(PunchcardClient.Settings.of(messages.coreUri(), kioskKey));
    }

    private static String request(String kioskKey, String phone) {
        MessagesUnderTest.Answer sent = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", phone, "language", "en"), kioskKey);
        assertEquals(202, sent.status(), sent.body());
        return sent.json().get("id").asText();
    }

    private static MessagesUnderTest.Answer check(String kioskKey, String id, String code) {
        return messages.call("POST", "/scheduler/v1/one-time-codes/" + id + "/check", Map.of("code", code),
                kioskKey);
    }

    private static String type(MessagesUnderTest.Answer answer) {
        return answer.json().path("type").asText().replaceAll(".*/", "");
    }
}
