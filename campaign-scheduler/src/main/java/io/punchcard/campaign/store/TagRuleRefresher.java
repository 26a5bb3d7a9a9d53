package io.punchcard.campaign.store;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

import io.punchcard.campaign.segment.SegmentCompiler;

/**
 * Keeps tags set by a rule current: each tag rule is refreshed (by difference: members who match gain the tag, who
 * no longer match lose it, nobody else is touched) when its last refresh is a day old, so relative dates ("bought in
 * the last 30 days") move on without anyone asking. {@code POST /scheduler/v1/tag-rules/{tag}/refresh} does one now.
 */
public final class TagRuleRefresher {

    static final Duration EVERY = Duration.ofDays(1);
    private static final String BY = "tag rule refresh";

    private final PgSegments segments;
    private final PgAudiences audiences;
    private final Supplier<ZoneId> zone;

    public TagRuleRefresher(PgSegments segments, PgAudiences audiences, Supplier<ZoneId> zone) {
        this.segments = segments;
        this.audiences = audiences;
        this.zone = zone;
    }

    /** Refreshes every rule not refreshed in the last day; how many it refreshed. */
    public int refreshDue(Instant now) {
        int refreshed = 0;
        for (PgSegments.StoredTagRule rule : segments.tagRules()) {
            if (rule.refreshedAt() == null || !rule.refreshedAt().plus(EVERY).isAfter(now)) {
                audiences.refresh(new SegmentCompiler(now, zone.get()).compile(rule.rule()), rule.tag(), BY, now);
                segments.markRefreshed(rule.tag(), now);
                refreshed++;
            }
        }
        return refreshed;
    }
}
