package io.punchcard.loyalty.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.Consent;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.MemberChanges;
import io.punchcard.loyalty.program.Program;

/**
 * The events a change to a member writes, decided from the member before and after it. A follower keeps a member's
 * facts from {@code member.joined}, {@code member.updated} and {@code member.merged} (each carries them all), and
 * their consents from those and from {@code consents.changed}, which is written whenever the consent in force on a
 * channel changes, so that the feed alone keeps consents right.
 */
public final class MemberEvents {

    /** The part of {@code member.updated}'s {@code changed} list a profile field belongs to. */
    public static final String PROFILE = "profile";
    public static final String TAGS = "tags";
    public static final String IDENTIFIERS = "identifiers";
    public static final String EXTERNAL_ID = "externalId";

    private MemberEvents() {
    }

    /** What a follower needs to know about {@code member}, under {@code program} (which places their zone). */
    public static LoyaltyEvent.MemberFacts facts(Member member, Program program) {
        return new LoyaltyEvent.MemberFacts(member.birthday(), member.language(),
                program.memberZone(member.preferredStore(), member.joinStore()).getId(), member.preferredStore(),
                member.joinStore(), member.joinChannel(), member.createdAt(), consents(member), member.tags(),
                member.referralCode(), member.referredBy(), member.tierCode());
    }

    /** The consent in force per channel, by the channel's name ({@code EMAIL}, {@code SMS}). */
    public static Map<String, Consent> consents(Member member) {
        return consents(member.consents());
    }

    private static Map<String, Consent> consents(Map<Member.ConsentChannel, Member.ConsentState> inForce) {
        Map<String, Consent> consents = new TreeMap<>();
        inForce.forEach((channel, state) -> consents.put(channel.name(),
                new Consent(state.granted(), state.source(), state.at(), state.text())));
        return consents;
    }

    /** The parts an update changed, as {@code member.updated} names them (consents are told apart, below). */
    public static List<String> changedParts(MemberChanges changes) {
        List<String> parts = new ArrayList<>();
        if (changes.givenName().isPresent() || changes.familyName().isPresent() || changes.birthday().isPresent()
                || changes.language().isPresent() || changes.preferredStore().isPresent()) {
            parts.add(PROFILE);
        }
        if (changes.tags().isPresent()) {
            parts.add(TAGS);
        }
        if (!changes.identifiers().isEmpty() || !changes.removed().isEmpty()) {
            parts.add(IDENTIFIERS);
        }
        return parts;
    }

    /**
     * What an update of a member writes: {@code member.updated} when it changed anything but consents (or nothing
     * at all: the member was still touched), then {@code consents.changed} when the consent in force on a channel
     * changed (given, withdrawn, or given again from another source or at another time).
     */
    public static List<LoyaltyEvent> updated(Map<Member.ConsentChannel, Member.ConsentState> consentsBefore,
                                             Member after, MemberChanges changes, Program program) {
        List<LoyaltyEvent> events = new ArrayList<>();
        List<String> parts = changedParts(changes);
        Map<String, Consent> was = consents(consentsBefore);
        Map<String, Consent> now = consents(after);
        List<String> channels = new ArrayList<>();
        for (Member.ConsentChannel channel : Member.ConsentChannel.values()) {
            if (!Objects.equals(was.get(channel.name()), now.get(channel.name()))) {
                channels.add(channel.name());
            }
        }
        if (!parts.isEmpty() || channels.isEmpty()) {
            events.add(new LoyaltyEvent.MemberUpdated(facts(after, program), parts));
        }
        if (!channels.isEmpty()) {
            events.add(new LoyaltyEvent.ConsentsChanged(new LinkedHashMap<>(now), channels));
        }
        return events;
    }
}
