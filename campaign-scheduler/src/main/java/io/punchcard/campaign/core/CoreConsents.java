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
import io.punchcard.campaign.message.OptOuts.ConsentSink.Outcome;

/** Consent changes received by the scheduler, written to the member in the core with their source and time. */
public final class CoreConsents implements OptOuts.ConsentSink {

    private final java.util.function.Supplier<PunchcardClient> core;

    public CoreConsents(java.util.function.Supplier<PunchcardClient> core) {
        this.core = core;
    }

    @Override
    public Outcome record(UUID memberId, Channel channel, boolean granted, String source, Instant at) {
        try {
            return write(memberId, channel, granted, source, at);
        } catch (PunchcardException e) {
            return refusedForGood(e.status()) ? new Outcome.Refused(e.getMessage())
                    : new Outcome.Unavailable(e.getMessage());
        }
    }

    /**
     * A 4xx says the request itself is wrong, so sending it again gets the same answer; except a timeout (408)
     * and too many requests (429), which say "later", and 401/403, which say the scheduler's key is wrong (revoked,
     * or of a scope that may not do it): that is fixed once for all changes, and none of them should be lost
     * meanwhile. A 5xx, or no answer (0), may go another time.
     */
    static boolean refusedForGood(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
    }

    private Outcome write(UUID memberId, Channel channel, boolean granted, String source, Instant at) {
        String key = channel.name().toLowerCase(Locale.ROOT);
        MemberView member;
        try {
            member = core.get().member(memberId);
        } catch (PunchcardException e) {
            if (e.status() == 404) {
                // An erased member has no consents left to change.
                return new Outcome.Taken();
            }
            throw e;
        }
        Consent current = member.consents() == null ? null : member.consents().get(key);
        // The member said something newer in the core meanwhile (ticked the box again at the kiosk): that stands.
        if (current != null && current.at() != null && current.at().isAfter(at) || !"ACTIVE".equals(member.status())) {
            return new Outcome.Taken();
        }
        if (current != null && current.granted() == granted && current.at() != null && !current.at().isBefore(at)) {
            return new Outcome.Taken();
        }
        core.get().updateMember(memberId, new UpdateMember(null, null, null, null, null, null, null, null, null,
                Map.of(key, new Consent(granted, source, at))));
        return new Outcome.Taken();
    }
}
