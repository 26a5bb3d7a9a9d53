package io.punchcard.api.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;

import io.punchcard.api.Json;

/** The kinds of {@link LoyaltyEvent}, by the names the feed gives them. */
public enum EventType {
    MEMBER_JOINED("member.joined", LoyaltyEvent.MemberJoined.class),
    MEMBER_UPDATED("member.updated", LoyaltyEvent.MemberUpdated.class),
    CONSENTS_CHANGED("consents.changed", LoyaltyEvent.ConsentsChanged.class),
    MEMBER_MERGED("member.merged", LoyaltyEvent.MemberMerged.class),
    MEMBER_ERASED("member.erased", LoyaltyEvent.MemberErased.class),
    PURCHASE_RECORDED("purchase.recorded", LoyaltyEvent.PurchaseRecorded.class),
    PURCHASE_REFUNDED("purchase.refunded", LoyaltyEvent.RefundRecorded.class),
    POINTS_EARNED("points.earned", LoyaltyEvent.PointsEarned.class),
    POINTS_REDEEMED("points.redeemed", LoyaltyEvent.PointsRedeemed.class),
    POINTS_RESTORED("points.restored", LoyaltyEvent.PointsRestored.class),
    POINTS_REVERSED("points.reversed", LoyaltyEvent.PointsReversed.class),
    POINTS_ADJUSTED("points.adjusted", LoyaltyEvent.PointsAdjusted.class),
    POINTS_EXPIRED("points.expired", LoyaltyEvent.PointsExpired.class),
    POINTS_AVAILABLE("points.available", LoyaltyEvent.PointsAvailable.class),
    TIER_CHANGED("tier.changed", LoyaltyEvent.TierChanged.class),
    VOUCHER_ISSUED("voucher.issued", LoyaltyEvent.VoucherIssued.class),
    VOUCHER_USED("voucher.used", LoyaltyEvent.VoucherUsed.class),
    VOUCHER_EXPIRED("voucher.expired", LoyaltyEvent.VoucherExpired.class),
    REWARD_BOUGHT("reward.bought", LoyaltyEvent.RewardBought.class),
    UNRECOGNISED("", LoyaltyEvent.Unrecognised.class);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values()).filter(t -> !t.name.isEmpty())
            .collect(Collectors.toUnmodifiableMap(t -> t.name, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(t -> t.type, Function.identity()));
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String name;
    private final Class<? extends LoyaltyEvent> type;
    /** Tolerant where the wire contract is strict: a newer core's extra fields are dropped, not refused. */
    private final ObjectReader reader;

    EventType(String name, Class<? extends LoyaltyEvent> type) {
        this.name = name;
        this.type = type;
        this.reader = Json.mapper().readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The name the feed gives this kind, e.g. {@code purchase.recorded}. */
    public String wireName() {
        return name;
    }

    public Class<? extends LoyaltyEvent> recordType() {
        return type;
    }

    /** The kind named {@code name}, if this client knows it. */
    public static Optional<EventType> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static EventType of(LoyaltyEvent event) {
        return BY_CLASS.get(event.getClass());
    }

    /**
     * The record for a feed entry's type and payload; a kind this client does not know reads as
     * {@link LoyaltyEvent.Unrecognised}.
     *
     * @throws IllegalArgumentException when a known kind's payload does not have its shape
     */
    public static LoyaltyEvent read(String name, Map<String, Object> payload) {
        EventType type = BY_NAME.get(name);
        if (type == null) {
            return new LoyaltyEvent.Unrecognised(name, payload);
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.mapper().valueToTree(payload == null ? Map.of() : payload);
            return type.reader.readValue(tree);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("A " + name + " event does not have its shape: " + e.getMessage(), e);
        }
    }

    /** The payload the feed carries for {@code event}: its fields, without nulls. */
    public static Map<String, Object> payload(LoyaltyEvent event) {
        if (event instanceof LoyaltyEvent.Unrecognised unrecognised) {
            return unrecognised.payload();
        }
        return Json.mapper().convertValue(event, MAP);
    }
}
