package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * One-time codes as a kiosk uses them to confirm a shopper's phone number: the code arrives by SMS, works once,
 * for five minutes; wrong guesses are counted and lock the number, and a number is sent three codes per quarter
 * of an hour at most, however many requests arrive at once. Only kiosks (and admins) may ask.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class OneTimeCodesIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2027-01-11T10:00:00Z"));
    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, CLOCK, Map.of("welcome.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void theCodeSentBySmsIsRightOnceAndThenNoMore() throws Exception {
        String phone = "+4915112340301";
        String id = request(phone);
        String code = messages.codeSentTo(phone);

        MessagesUnderTest.Answer right = check(id, code);
        MessagesUnderTest.Answer again = check(id, code);

        assertEquals(200, right.status(), right.body());
        assertEquals(phone, right.json().path("phone").asText());
        assertEquals(404, again.status(), again.body());
    }

    @Test
    void fourWrongCodesAreToldTheTriesLeftAndTheFifthLocksTheNumber() throws Exception {
        String phone = "+4915112340302";
        String id = request(phone);
        String code = messages.codeSentTo(phone);
        String wrong = wrongFor(code);

        for (int left = 4; left >= 1; left--) {
            MessagesUnderTest.Answer answer = check(id, wrong);
            assertEquals(422, answer.status(), answer.body());
            assertTrue(answer.json().path("detail").asText().contains(left + " tries left"), answer.body());
        }
        MessagesUnderTest.Answer locked = check(id, wrong);
        MessagesUnderTest.Answer rightButLocked = check(id, code);

        assertEquals(429, locked.status(), locked.body());
        long retryAfter = Long.parseLong(locked.headers().get("retry-after").getFirst());
        assertTrue(retryAfter > 0 && retryAfter <= Duration.ofMinutes(15).toSeconds(), "Retry-After " + retryAfter);
        assertEquals(429, rightButLocked.status(), "locked: even the right code waits");
    }

    @Test
    void aNewCodeForTheNumberDoesNotPromiseFreshTries() throws Exception {
        String phone = "+4915112340306";
        String first = request(phone);
        String wrong = wrongFor(messages.codeSentTo(phone));
        for (int left = 4; left >= 2; left--) {
            assertEquals(422, check(first, wrong).status());
        }
        String second = request(phone);
        String secondWrong = wrongFor(Await.value(() -> messages.codesSentTo(phone).size() == 2
                ? messages.codesSentTo(phone).get(1) : null, Duration.ofSeconds(20), "the second code's SMS"));

        MessagesUnderTest.Answer fourth = check(second, secondWrong);
        MessagesUnderTest.Answer fifth = check(second, secondWrong);

        assertEquals(422, fourth.status(), fourth.body());
        assertTrue(fourth.json().path("detail").asText().contains("1 tries left"), fourth.body());
        assertEquals(429, fifth.status(), fifth.body());
    }

    @Test
    void aFourthCodeForOneNumberWithinAQuarterOfAnHourIsRefused() {
        String phone = "+4915112340303";
        for (int i = 0; i < 3; i++) {
            request(phone);
        }

        MessagesUnderTest.Answer fourth = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", phone), messages.kioskKey);

        assertEquals(429, fourth.status(), fourth.body());
        assertNotNull(fourth.headers().get("retry-after"));
    }

    @Test
    void twentyWrongGuessesAtOnceGetNoMoreThanFiveTriesBeforeTheLock() throws Exception {
        String phone = "+4915112340307";
        String id = request(phone);
        String code = messages.codeSentTo(phone);
        String wrong = wrongFor(code);

        List<MessagesUnderTest.Answer> answers = MessagesUnderTest.atOnce(20, () -> check(id, wrong));
        MessagesUnderTest.Answer rightAfterwards = check(id, code);

        assertEquals(4, answers.stream().filter(a -> a.status() == 422).count(),
                "four wrong tries are told the tries left: " + MessagesUnderTest.statuses(answers));
        assertEquals(16, answers.stream().filter(a -> a.status() == 429).count(),
                "the fifth locks the number, and the rest find it locked: " + MessagesUnderTest.statuses(answers));
        assertEquals(429, rightAfterwards.status(), rightAfterwards.body());
    }

    @Test
    void twentyRequestsAtOnceForOneNumberSendThreeCodes() throws Exception {
        String phone = "+4915112340308";

        List<MessagesUnderTest.Answer> answers = MessagesUnderTest.atOnce(20, () -> messages.call("POST",
                "/scheduler/v1/one-time-codes", Map.of("phone", phone, "language", "en"), messages.kioskKey));
        Await.until(() -> messages.codesSentTo(phone).size() >= 3, Duration.ofSeconds(20), "three SMS to " + phone);
        // Time for any further code to reach the gateway, had more been planned.
        Thread.sleep(1500);

        assertEquals(3, answers.stream().filter(a -> a.status() == 202).count(), MessagesUnderTest.statuses(answers));
        assertEquals(17, answers.stream().filter(a -> a.status() == 429).count(), MessagesUnderTest.statuses(answers));
        assertEquals(3, messages.codesSentTo(phone).size(), "SMS at the gateway for " + phone);
    }

    @Test
    void aCodeCheckedAfterFiveMinutesHasExpired() throws Exception {
        String phone = "+4915112340304";
        String id = request(phone);
        String code = messages.codeSentTo(phone);

        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(1));
        MessagesUnderTest.Answer late = check(id, code);

        assertEquals(410, late.status(), late.body());
    }

    @Test
    void aConnectorKeyMayNotAskForCodes() {
        MessagesUnderTest.Answer refused = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", "+4915112340305"), messages.connectorKey());

        assertEquals(403, refused.status(), refused.body());
        assertEquals(0, messages.gateway.requests().stream()
                .filter(r -> "+4915112340305".equals(r.json().path("to").asText())).count());
    }

    private static String request(String phone) {
        MessagesUnderTest.Answer sent = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", phone, "language", "en"), messages.kioskKey);
        assertEquals(202, sent.status(), sent.body());
        return sent.json().get("id").asText();
    }

    private static MessagesUnderTest.Answer check(String id, String code) {
        return messages.call("POST", "/scheduler/v1/one-time-codes/" + id + "/check", Map.of("code", code),
                messages.kioskKey);
    }



    private static String wrongFor(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
