package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/members/{id}/erase}: the right to erasure. Profile and identifiers are pseudonymised; the
 * ledger keeps its sums for accounting.
 *
 * @param actor  who carries it out
 * @param reason the request it answers (e.g. a ticket number)
 */
public record EraseMember(String actor, String reason) {
}
