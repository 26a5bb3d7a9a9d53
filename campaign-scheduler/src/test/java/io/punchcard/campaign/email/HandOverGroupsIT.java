package io.punchcard.campaign.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.email.ScriptedSmtpPeer.Script;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Marketing messages are marked SENDING a group at a time; when the server defers one of a group, the rest of it
 * is not pushed after it into the same trouble: it goes back to the queue without spending a try, and every
 * message of the group still arrives once.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class HandOverGroupsIT {

    private static final int GROUP = 5;
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID: <([^@>]+)@");

    @Test
    void aDeferredSendGivesTheRestOfItsGroupBackWithoutSpendingTheirTries(TestPostgres postgres) throws Exception {
        // The first message on the first connection gets a 451; everything after it is taken.
        try (ScriptedSmtpPeer peer = new ScriptedSmtpPeer(Script.ACCEPT.withDataEnd("451 4.3.0 try again later"));
             MessagesUnderTest messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of(
                     "email.smtp.port", Integer.toString(peer.port()),
                     "workers-per-channel", "1",
                     "batch", Integer.toString(GROUP),
                     "hand-over-group", Integer.toString(GROUP),
                     "welcome.enabled", "false",
                     "rules.frequency-cap.max-messages", "0"))) {
            MemberView ana = messages.enroll("Ana", "ana@example.org", null, true, false, "en");
            List<PlannedMessage> group = new ArrayList<>();
            for (int i = 1; i <= GROUP; i++) {
                group.add(new PlannedMessage("campaign:groups:" + i + ":" + ana.id(), Purpose.MARKETING, Channel.EMAIL,
                        ana.id(), null, "welcome", CauseFacts.NONE, "groups", "campaign:groups", messages.now()));
            }
            assertEquals(GROUP, messages.scheduler.planner().planAll(group));

            List<JsonNode> sent = Await.value(() -> {
                List<JsonNode> all = new ArrayList<>();
                messages.messagesOf(ana.id()).forEach(m -> all.add(messages.message(m.path("id").asLong())));
                return all.size() == GROUP && all.stream().allMatch(m -> "SENT".equals(m.path("state").asText()))
                        ? all : null;
            }, Duration.ofSeconds(20), "the group sent");

            List<JsonNode> deferred = sent.stream().filter(m -> m.path("attempts").asInt() == 2).toList();
            assertEquals(1, deferred.size(), "only the deferred message spent a second try: " + sent);
            for (JsonNode m : sent) {
                if (m != deferred.getFirst()) {
                    assertEquals(1, m.path("attempts").asInt(), m.toString());
                    assertTrue(m.path("steps").toString().contains("not handed over"),
                            "given back before it went to the server: " + m.path("steps"));
                }
            }
            Map<String, Integer> arrivals = new HashMap<>();
            for (String data : peer.dataReceived()) {
                Matcher id = MESSAGE_ID.matcher(data);
                assertTrue(id.find(), data);
                arrivals.merge(id.group(1), 1, Integer::sum);
            }
            assertEquals(GROUP, arrivals.size(), "every message of the group reached the server: " + arrivals);
            assertEquals(List.of(1, 1, 1, 1, 2), arrivals.values().stream().sorted().toList(),
                    "the deferred message's data reached it twice (refused, then taken), every other once");
            assertEquals(GROUP + 1, peer.dataReceived().size());
        }
    }
}
