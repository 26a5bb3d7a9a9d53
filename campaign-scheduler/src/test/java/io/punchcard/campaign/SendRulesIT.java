package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessageStore;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The rules that hold across campaigns, as campaigns plan messages: the frequency cap counts every campaign's
 * marketing in the member's own calendar days, and a cause planned twice, at once or later, is one message.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class SendRulesIT {

    /** 23:50 on Monday 3 May 2027 in Tokyo (UTC+9, no summer time): far enough from UTC to tell the days apart. */
    private static final Instant TOKYO_TEN_TO_MIDNIGHT = Instant.parse("2027-05-03T14:50:00Z");

    private static final MutableClock CLOCK = new MutableClock(TOKYO_TEN_TO_MIDNIGHT.minusSeconds(60));
    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, CLOCK, Map.of(
                "welcome.enabled", "false",
                "rules.frequency-cap.max-messages", "3",
                "rules.frequency-cap.days", "7"));
        messages.addStores(Map.of("TYO", "Asia/Tokyo"));
        // Past the scheduler's copy of the program (read again after 15 s), so Tokyo's zone counts.
        CLOCK.set(TOKYO_TEN_TO_MIDNIGHT);
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void theFourthMarketingMessageOfTwoCampaignsInSevenOfTheMembersDaysIsCapped() throws Exception {
        MemberView tomo = messages.enrollAt("Tomo", "tomo@example.com", "TYO", List.of());
        // 23:50 on 3 May in Tokyo: outside the window of 10 May, which starts at Tokyo's midnight of 4 May.
        settle(plan("campaign:a:1:" + tomo.id(), tomo), "SENT");
        CLOCK.set(Instant.parse("2027-05-03T15:10:00Z"));
        // 00:10 on 4 May in Tokyo (still 3 May in UTC): inside it.
        settle(plan("campaign:b:1:" + tomo.id(), tomo), "SENT");
        settle(plan("campaign:a:2:" + tomo.id(), tomo), "SENT");

        CLOCK.set(Instant.parse("2027-05-10T03:00:00Z"));
        // Noon on 10 May in Tokyo: two in the window, room for one more.
        settle(plan("campaign:b:2:" + tomo.id(), tomo), "SENT");
        JsonNode capped = settle(plan("campaign:a:3:" + tomo.id(), tomo), "SUPPRESSED");

        assertEquals("CAPPED", capped.path("outcome").asText(), capped.toString());
        assertEquals(4, messages.mailTo("tomo@example.com").size());
    }

    @Test
    void ofSixMessagesToOneMemberQueuedAtOnceOnlyTheCapsThreeGo() throws Exception {
        MemberView kai = messages.enrollAt("Kai", "kai@example.com", "TYO", List.of());
        List<PlannedMessage> six = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            six.add(new PlannedMessage("campaign:burst-" + i + ":1:" + kai.id(), Purpose.MARKETING, Channel.EMAIL,
                    kai.id(), null, "welcome", CauseFacts.NONE, "burst-" + i, "campaign:burst-" + i, CLOCK.instant()));
        }
        // One list, so a worker claims and decides them together: the cap must count the batch's own decisions.
        assertEquals(6, messages.scheduler.planner().planAll(six));

        Await.until(() -> states(kai).values().stream().mapToLong(Long::longValue).sum() == 6
                && !states(kai).keySet().stream().anyMatch(state -> state.startsWith("QUEUED")
                || state.startsWith("CLAIMED") || state.startsWith("SENDING")), Duration.ofSeconds(20),
                "the six settled");
        Map<String, Long> byState = states(kai);
        assertEquals(Map.of("SENT SENT", 3L, "SUPPRESSED CAPPED", 3L), byState);
        assertEquals(3, messages.mailTo("kai@example.com").size());
    }

    @Test
    void aCausePlannedTwiceAtOnceAndAgainAfterItWentIsSentOnce() throws Exception {
        MemberView ida = messages.enrollAt("Ida", "ida@example.com", null, List.of());
        String cause = "campaign:c:1:" + ida.id();
        CountDownLatch ready = new CountDownLatch(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<MessageStore.Planned>> plans = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                plans.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return plan(cause, ida);
                }));
            }
            MessageStore.Planned first = plans.get(0).get();
            MessageStore.Planned second = plans.get(1).get();
            assertEquals(first.id(), second.id());
            assertEquals(1, (first.created() ? 1 : 0) + (second.created() ? 1 : 0), "one of the two stored it");

            settle(first, "SENT");
            MessageStore.Planned again = plan(cause, ida);
            Thread.sleep(1_000);

            assertEquals(first.id(), again.id());
            assertFalse(again.created());
            assertEquals("SENT", messages.message(first.id()).path("state").asText());
            assertEquals(1, messages.mailTo("ida@example.com").size());
        } finally {
            threads.shutdownNow();
        }
    }

    /** How many of the member's messages are in each state and outcome ("SENT SENT", "SUPPRESSED CAPPED"). */
    private static Map<String, Long> states(MemberView member) {
        return StreamSupport.stream(messages.messagesOf(member.id()).spliterator(), false).collect(
                Collectors.groupingBy(m -> m.path("state").asText() + " " + m.path("outcome").asText(),
                        Collectors.counting()));
    }

    private static MessageStore.Planned plan(String cause, MemberView member) {
        String campaign = cause.split(":")[1];
        return messages.scheduler.planner().plan(new PlannedMessage(cause, Purpose.MARKETING, Channel.EMAIL,
                member.id(), null, "welcome", CauseFacts.NONE, campaign, "campaign:" + campaign, CLOCK.instant()));
    }

    private static JsonNode settle(MessageStore.Planned planned, String state) throws InterruptedException {
        return messages.messageIn(planned.id(), state, 20);
    }
}
