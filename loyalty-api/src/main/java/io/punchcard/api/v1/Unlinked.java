package io.punchcard.api.v1;

import java.util.UUID;

/**
 * What unlinking a customer did.
 *
 * @param memberId the member the link belonged to, or null when none had it
 * @param outcome  UNLINKED (the member stays: they have another channel), ERASED (they had none), or NOT_LINKED
 */
public record Unlinked(UUID memberId, String outcome) {
}
