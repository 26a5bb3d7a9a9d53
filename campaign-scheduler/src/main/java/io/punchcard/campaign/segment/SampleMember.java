package io.punchcard.campaign.segment;

import java.time.Instant;
import java.util.UUID;

/** A member of a segment's preview, with the facts a manager checks the segment by. */
public record SampleMember(UUID memberId, String tier, String preferredStore, Instant lastPurchaseAt,
                           long spendMinor, long pointsAvailable) {
}
