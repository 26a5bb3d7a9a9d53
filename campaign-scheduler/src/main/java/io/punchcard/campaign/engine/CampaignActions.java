package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.List;

/** The actions campaigns take inside the scheduler: tags and store managers' alerts, each keyed by its effect. */
public interface CampaignActions {

    /** Tags each effect's member with {@code tag}, set by the campaign (a tag already there stays as it was). */
    void tag(String campaign, List<Effect> effects, String tag, Instant now);

    /** Lists an alert per effect for the member's store's manager; an effect's alert is written once. */
    void alert(String campaign, List<Effect> effects, String note, Instant now);
}
