package io.punchcard.api.v1;

import java.util.UUID;

/**
 * {@code POST /api/v1/members/{survivor}/merge}: fold a duplicate into the surviving member.
 *
 * @param duplicateId the member merged away
 * @param actor       who decided it
 * @param reason      why
 */
public record MergeMembers(UUID duplicateId, String actor, String reason) {
}
