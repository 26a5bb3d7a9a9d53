package io.punchcard.campaign.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.UpdateMember;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.OptOuts;

/** Consent changes received by the scheduler, written to the member in the core with their source and time. */
public final class CoreConsents implements OptOuts.ConsentSink {

    private final java.util.function.Supplier<PunchcardClient> core;

    public CoreConsents(java.util.function.Supplier<PunchcardClient> core) {
        this.core = core;
    }

    @Override
    public void record(UUID memberId, Channel channel, boolean granted, String source, Instant at) {
        String key = channel.name().toLowerCase(Locale.ROOT);
        MemberView member;
        try {
            member = core.get().member(memberId);
        } catch (PunchcardException e) {
            if (e.status() == 404) {
                // An erased member has no consents left to change.
                return;
            }
            throw e;
        }
        Consent current = member.consents() == null ? null : member.consents().get(key);
        // The member said something newer in the core meanwhile (ticked the box again at the kiosk): that stands.
        if (current != null && current.at() != null && current.at().isAfter(at) || !"ACTIVE".equals(member.status())) {
            return;
        }
        if (current != null && current.granted() == granted && current.at() != null && !current.at().isBefore(at)) {
            return;
        }
        core.get().updateMember(memberId, new UpdateMember(null, null, null, null, null, null, null, null, null,
                Map.of(key, new Consent(granted, source, at))));
    }
}
