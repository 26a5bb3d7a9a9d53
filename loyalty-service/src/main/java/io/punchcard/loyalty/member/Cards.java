package io.punchcard.loyalty.member;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;

/**
 * Many members and their cards in one read: how a service acting on a batch of members at once (the campaign
 * scheduler sending a batch of mails) reads them, instead of a member and a card per member.
 */
public interface Cards {

    /**
     * The members among {@code ids}, each as {@link Members#get} and with the card {@link Summaries#summary} give
     * them, all as of one moment. Read from the database, the truth, not from the cache of cards: a batch of
     * hundreds of different members would mostly miss it and only fill it with cards no till asks for.
     *
     * @return by id, the members that exist (ACTIVE, MERGED or ERASED); an id no member has is not a key
     */
    Map<UUID, Card> cards(Set<UUID> ids);

    /**
     * @param member  the member, in any status
     * @param summary their card; null unless they are ACTIVE (a merged or erased member has none)
     */
    record Card(Member member, MemberSummary summary) {
    }
}
