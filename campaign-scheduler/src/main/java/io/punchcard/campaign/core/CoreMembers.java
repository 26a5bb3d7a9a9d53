package io.punchcard.campaign.core;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.v1.MemberView;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MemberDirectory;
import io.punchcard.campaign.message.Recipient;
import io.punchcard.campaign.message.TemplateFacts;

/**
 * The members as the core answers for them at send time: the member (addresses, consents, language, home store)
 * and their card (points, tier and progress). Never cached: a consent withdrawn a second ago must count.
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
    public Lookup recipient(UUID memberId) {
        try {
            MemberView member = core.get().member(memberId);
            if (!"ACTIVE".equals(member.status())) {
                return new Gone("the member is " + member.status().toLowerCase(Locale.ROOT)
                        + (member.mergedInto() == null ? "" : " into " + member.mergedInto()));
            }
            MemberSummary card = core.get().summary(memberId);
            CoreProgramFacts.Facts facts = program.current();
            String home = member.preferredStore() != null ? member.preferredStore() : member.joinStore();
            var zone = facts.zoneOf(home);
            Locale language = member.language() == null || member.language().isBlank() ? defaultLanguage
                    : Locale.forLanguageTag(member.language());
            MemberSummary.TierProgress progress = card.progress();
            String nextTier = progress == null || progress.nextTier() == null ? null
                    : facts.tierNames().getOrDefault(progress.nextTier(), progress.nextTier());
            // Progress counted in spend is money, not points: "points to the next tier" is said only when the
            // program counts tiers in points.
            long pointsToNext = progress != null && "POINTS".equals(progress.basis()) && nextTier != null
                    ? Math.max(0, progress.needed()) : 0;
            TemplateFacts templateFacts = new TemplateFacts(member.givenName(), Math.max(0, card.availablePoints()),
                    Math.max(0, card.pendingPoints()), card.tierName(), pointsToNext > 0 ? nextTier : null, pointsToNext,
                    null, null, card.expiringPoints(), card.expiringFrom(),
                    home == null ? null : facts.storeNames().get(home), language, zone);
            return new Found(new Recipient(memberId, member.email(), member.phone(), consents(member.consents()), zone,
                    templateFacts));
        } catch (PunchcardException e) {
            if (e.status() == 404) {
                return new Gone("the core knows no such member");
            }
            return new Unavailable(e.getMessage());
        }
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
