package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where campaigns are kept. Every change is written with its audit entry (who, when, what, before and after) in
 * one transaction, and names the version it replaces, so two managers cannot overwrite each other unseen.
 */
public interface CampaignStore {

    /** The outcome of a change. */
    sealed interface Change permits Changed, NotFound, VersionConflict, Exists, Refused {
    }

    /** Done: the campaign as it now is. */
    record Changed(Campaign campaign) implements Change {
    }

    record NotFound(String id) implements Change {
    }

    /** Someone changed it since the version the caller read. */
    record VersionConflict(long current) implements Change {
    }

    /** A campaign with this id exists already. */
    record Exists(String id) implements Change {
    }

    /** The move or edit does not apply to the campaign as it is. */
    record Refused(String reason) implements Change {
    }

    /**
     * One entry of a campaign's audit trail.
     *
     * @param actor  who, as {@link Actor#name} says
     * @param staff  the member of staff in whose session, or null
     * @param before the campaign before (null on creation)
     * @param after  after (null on deletion)
     */
    record AuditEntry(long id, String campaign, Instant at, String actor, Actor.Staff staff, String action,
                      Campaign before, Campaign after) {
    }

    Change create(String id, CampaignSpec spec, Actor actor, Instant now);

    Optional<Campaign> find(String id);

    List<Campaign> list();

    /** Replaces the spec of {@code id} at version {@code expected} (null: whatever the version). */
    Change update(String id, CampaignSpec spec, Long expected, Actor actor, Instant now);

    /** Makes a life-cycle move ({@link Lifecycle}). */
    Change move(String id, Lifecycle.Move move, Long expected, Actor actor, Instant now);

    /** Deletes a draft. */
    Change delete(String id, Long expected, Actor actor, Instant now);

    List<AuditEntry> audit(String id, int limit);

    /**
     * Applies what the clock does to every scheduled, running or paused campaign ({@link Lifecycle#tick}), each
     * change audited as the {@code clock}'s.
     *
     * @return the campaigns whose status changed, as they now are
     */
    List<Campaign> tick(Instant now);

    /**
     * Keeps when a scheduled campaign runs next (null: never again), unless it changed since {@code version} (an
     * edit starts its schedule afresh).
     */
    void nextRun(String id, long version, Instant at);
}
