package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * What {@code POST /api/v1/members/cards} answers: every asked-for member the core knows, with their card, and
 * the ids it does not know.
 *
 * @param cards   one per known member, in the order asked
 * @param missing the ids no member has (never enrolled); erased and merged members are in {@code cards}
 */
public record MemberCards(List<MemberCard> cards, List<UUID> missing) {

    /**
     * One member as {@code GET /api/v1/members/{id}} and {@code GET /api/v1/members/{id}/summary} give them.
     *
     * @param member  the member in any status (ACTIVE, MERGED, ERASED)
     * @param summary their card; null unless the member is ACTIVE
     */
    public record MemberCard(MemberView member, MemberSummary summary) {
    }
}
