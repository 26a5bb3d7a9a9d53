package io.punchcard.api.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * Two members who look like one person ({@code GET /api/v1/duplicates}), for a manager to compare and merge.
 *
 * @param id         the suspicion's id
 * @param memberA    one of them
 * @param memberB    the other
 * @param reason     what they share (the same e-mail, the same phone)
 * @param detectedAt when it was noticed
 */
public record SuspectedDuplicate(long id, UUID memberA, UUID memberB, String reason, Instant detectedAt) {
}
