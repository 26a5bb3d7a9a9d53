package io.punchcard.campaign.core;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.LookUpCards;
import io.punchcard.api.v1.MemberCards;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MemberDirectory;
import io.punchcard.campaign.message.Recipient;
import io.punchcard.campaign.message.TemplateFacts;

/**
 * The members as the core answers for them at send time: the member (addresses, consents, language, home store)
 * and their card (points, tier and progress), a batch's members in one call. Never cached: a consent withdrawn a
 * second ago must count.
 */
public final class CoreMembers implements MemberDirectory {

    private final java.util.function.Supplier<PunchcardClient> core;
    private final CoreProgramFacts program;
    private final Locale defaultLanguage;

    /**
     * @param defaultLanguage the language of members who never said theirs
     */
    public CoreMembers(java.util.function.Supplier<PunchcardClient> core, CoreProgramFacts program, Locale defaultLanguage) {
        this.core = core;
        this.program = program;
        this.defaultLanguage = defaultLanguage;
    }

    @Override
    public Map<UUID, Lookup> recipients(Collection<UUID> memberIds) {
        Map<UUID, Lookup> found = new HashMap<>();
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(memberIds));
        for (int from = 0; from < ids.size(); from += LookUpCards.MAX_IDS) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + LookUpCards.MAX_IDS));
            try {
                MemberCards cards = core.get().memberCards(chunk);
                CoreProgramFacts.Facts facts = program.current();
                for (MemberCards.MemberCard card : cards.cards()) {
                    found.put(card.member().id(), lookup(card, facts));
                }
                for (UUID missing : cards.missing()) {
                    found.put(missing, new Gone("the core knows no such member"));
                }
            } catch (PunchcardException e) {
                chunk.forEach(id -> found.putIfAbsent(id, new Unavailable(e.getMessage())));
            }
        }
        // An id the core left out of both lists: asked again later rather than taken for gone.
        ids.forEach(id -> found.putIfAbsent(id, new Unavailable("the core did not answer for " + id)));
        return found;
    }

    private Lookup lookup(MemberCards.MemberCard card, CoreProgramFacts.Facts facts) {
        MemberView member = card.member();
        if (!"ACTIVE".equals(member.status())) {
            return new Gone("the member is " + String.valueOf(member.status()).toLowerCase(Locale.ROOT)
                    + (member.mergedInto() == null ? "" : " into " + member.mergedInto()));
        }
        if (card.summary() == null) {
            // The core answers a card for every active member; one without is asked for again later.
            return new Unavailable("the core sent no card for active member " + member.id());
        }
        MemberSummary summary = card.summary();
        String home = member.preferredStore() != null ? member.preferredStore() : member.joinStore();
        var zone = facts.zoneOf(home);
        Locale language = member.language() == null || member.language().isBlank() ? defaultLanguage
                : Locale.forLanguageTag(member.language());
        MemberSummary.TierProgress progress = summary.progress();
        String nextTier = progress == null || progress.nextTier() == null ? null
                : facts.tierNames().getOrDefault(progress.nextTier(), progress.nextTier());
        // Progress counted in spend is money, not points: "points to the next tier" is said only when the
        // program counts tiers in points.
        long pointsToNext = progress != null && "POINTS".equals(progress.basis()) && nextTier != null
                ? Math.max(0, progress.needed()) : 0;
        TemplateFacts templateFacts = new TemplateFacts(member.givenName(), Math.max(0, summary.availablePoints()),
                Math.max(0, summary.pendingPoints()), summary.tierName(), pointsToNext > 0 ? nextTier : null,
                pointsToNext, null, null, summary.expiringPoints(), summary.expiringFrom(),
                home == null ? null : facts.storeNames().get(home), language, zone);
        return new Found(new Recipient(member.id(), member.email(), member.phone(), consents(member.consents()), zone,
                templateFacts));
    }

    @Override
    public java.util.Optional<UUID> withPhone(String e164) {
        try {
            return java.util.Optional.of(core.get().summaryBy("phone", e164).memberId());
        } catch (PunchcardException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw new IllegalStateException("the core did not answer: " + e.getMessage(), e);
        }
    }

    private static Map<Channel, Recipient.CoreConsent> consents(Map<String, Consent> given) {
        Map<Channel, Recipient.CoreConsent> consents = new EnumMap<>(Channel.class);
        if (given != null) {
            given.forEach((channel, consent) -> {
                for (Channel c : Channel.values()) {
                    if (c.name().equalsIgnoreCase(channel) && consent != null) {
                        consents.put(c, new Recipient.CoreConsent(consent.granted(), consent.at()));
                    }
                }
            });
        }
        return consents;
    }
}
