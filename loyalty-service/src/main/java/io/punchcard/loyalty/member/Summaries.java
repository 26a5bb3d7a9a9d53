package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;

/** The member card shown at the till and the kiosk. */
public interface Summaries {

    /** The active member's card now; empty when there is no such active member. */
    Optional<MemberSummary> summary(UUID memberId);

    /** The card of the active member holding {@code identifier}: what the till shows after a scan. */
    Optional<MemberSummary> summary(Identifier identifier);

    /** That card as the API sends it (the wire contract's JSON); a cached card is sent as it was cached. */
    default Optional<String> summaryJson(Identifier identifier) {
        return summary(identifier).map(Summaries::json);
    }

    /** A card in the wire contract's JSON. */
    static String json(MemberSummary summary) {
        try {
            return io.punchcard.api.Json.mapper().writeValueAsString(summary);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
