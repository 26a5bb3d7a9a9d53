package io.punchcard.campaign.engine;

import java.time.Instant;

/** Turns a campaign's audience into SQL over {@code member_facts f} (segments compile their rules to it). */
@FunctionalInterface
public interface AudienceSql {

    /**
     * The audience's condition at {@code now} (relative dates count from it); {@code TRUE} for every member.
     *
     * @throws IllegalArgumentException when the audience names a segment that does not exist or is not valid
     */
    EffectStore.Sql where(CampaignSpec.Audience audience, Instant now);
}
