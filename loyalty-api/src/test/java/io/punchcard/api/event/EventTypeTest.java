package io.punchcard.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.Consent;

class EventTypeTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
    private static final LoyaltyEvent.PointsBalance BALANCE = new LoyaltyEvent.PointsBalance(120, 30, 0,
            List.of(new LoyaltyEvent.Expiring(LocalDate.parse("2026-04-01"), 50)));
    private static final LoyaltyEvent.MemberFacts FACTS = new LoyaltyEvent.MemberFacts(LocalDate.parse("1990-02-28"),
            "de", "Europe/Berlin", "S001", "S002", "POS", AT,
            Map.of("EMAIL", new Consent(true, "kiosk", AT)), List.of("vip"), "ABCD1234", UUID.randomUUID(), "GOLD");

    /** One example of every kind the feed has. */
    static List<LoyaltyEvent> examples() {
        UUID id = UUID.randomUUID();
        return List.of(
                new LoyaltyEvent.MemberJoined(FACTS),
                new LoyaltyEvent.MemberUpdated(FACTS, List.of("profile")),
                new LoyaltyEvent.ConsentsChanged(FACTS.consents(), List.of("EMAIL")),
                new LoyaltyEvent.MemberMerged(id, 40, FACTS),
                new LoyaltyEvent.MemberErased(),
                new LoyaltyEvent.PurchaseRecorded(id, "pos", "T-1", "S001", "POS", AT, 12_345, 12_000, 120,
                        List.of("shirts"), List.of(new LoyaltyEvent.RulePoints("double-shirts", "c-1", 60)), false),
                new LoyaltyEvent.RefundRecorded(id, UUID.randomUUID(), "R-1", 5_000, 50),
                new LoyaltyEvent.PointsEarned(id, 120, BALANCE),
                new LoyaltyEvent.PointsRedeemed(100, "tender", "r-1", BALANCE),
                new LoyaltyEvent.PointsRestored(100, "r-1", BALANCE),
                new LoyaltyEvent.PointsReversed(50, id, BALANCE),
                new LoyaltyEvent.PointsAdjusted(-5, "goodwill", "adj-1", "c-1", BALANCE),
                new LoyaltyEvent.PointsExpired(20, BALANCE),
                new LoyaltyEvent.PointsAvailable(30, BALANCE),
                new LoyaltyEvent.TierChanged("SILVER", "GOLD", "upgrade"),
                new LoyaltyEvent.VoucherIssued(id, "BDAY10", "birthday", "c-1:2026:m", "c-1", AT),
                new LoyaltyEvent.VoucherUsed(id, "BDAY10", "sale-9", 1_000),
                new LoyaltyEvent.VoucherExpired(id, "BDAY10"),
                new LoyaltyEvent.RewardBought("MUG", 500, id));
    }

    @Test
    void everyKindReadsBackFromItsPayloadAsTheSameRecord() {
        for (LoyaltyEvent event : examples()) {
            Map<String, Object> payload = EventType.payload(event);
            assertEquals(event, EventType.read(event.type().wireName(), payload), event.type().wireName());
        }
    }

    @Test
    void everyRecordOfTheSealedInterfaceHasANameAndAnExample() {
        Set<Class<?>> records = leaves(LoyaltyEvent.class).collect(Collectors.toSet());
        Set<Class<?>> named = Stream.of(EventType.values()).map(EventType::recordType).collect(Collectors.toSet());
        assertEquals(records, named);
        Set<Class<?>> exampled = examples().stream().map(Object::getClass).collect(Collectors.toSet());
        exampled.add(LoyaltyEvent.Unrecognised.class);
        assertEquals(records, exampled);
    }

    private static Stream<Class<?>> leaves(Class<?> type) {
        return type.isSealed() ? Stream.of(type.getPermittedSubclasses()).flatMap(EventTypeTest::leaves)
                : Stream.of(type);
    }

    @Test
    void aNewerCoresExtraFieldIsDroppedAndANewKindIsUnrecognised() {
        Map<String, Object> payload = new HashMap<>(EventType.payload(new LoyaltyEvent.TierChanged("A", "B", "upgrade")));
        payload.put("addedLater", List.of(1, 2));
        assertEquals(new LoyaltyEvent.TierChanged("A", "B", "upgrade"), EventType.read("tier.changed", payload));
        LoyaltyEvent unknown = EventType.read("member.teleported", Map.of("where", "moon"));
        assertEquals(new LoyaltyEvent.Unrecognised("member.teleported", Map.of("where", "moon")),
                assertInstanceOf(LoyaltyEvent.Unrecognised.class, unknown));
    }

    @Test
    void theMemberEventsOfAnErasedMemberReadAsRecordsWithoutFacts() {
        assertEquals(new LoyaltyEvent.MemberJoined(null), EventType.read("member.joined", Map.of()));
        assertEquals(new LoyaltyEvent.MemberUpdated(null, List.of()), EventType.read("member.updated", Map.of()));
        assertEquals(new LoyaltyEvent.ConsentsChanged(Map.of(), List.of()), EventType.read("consents.changed", Map.of()));
        assertEquals(new LoyaltyEvent.MemberMerged(null, 0, null), EventType.read("member.merged", Map.of()));
        UUID duplicate = UUID.randomUUID();
        assertEquals(new LoyaltyEvent.MemberMerged(duplicate, 40, null), EventType.read("member.merged",
                Map.of("duplicate", duplicate.toString(), "pointsMoved", 40)));
    }

    @Test
    void aKnownKindWithTheWrongShapeIsAnError() {
        Map<String, Object> payload = new HashMap<>();
        payload.put("points", "many");
        assertThrows(IllegalArgumentException.class, () -> EventType.read("points.expired", payload));
    }

    @Test
    void thePayloadLeavesOutNullsAndIsPlainJsonValues() {
        Map<String, Object> payload = EventType.payload(new LoyaltyEvent.VoucherIssued(UUID.randomUUID(), "T", "r",
                null, null, AT));
        assertEquals(new ArrayList<>(List.of("voucherId", "template", "reason", "validUntil")),
                new ArrayList<>(payload.keySet()));
        assertInstanceOf(String.class, payload.get("validUntil"));
    }
}
