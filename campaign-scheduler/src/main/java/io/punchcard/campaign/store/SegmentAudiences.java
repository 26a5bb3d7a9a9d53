package io.punchcard.campaign.store;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

import io.punchcard.campaign.engine.AudienceSql;
import io.punchcard.campaign.engine.CampaignSpec;
import io.punchcard.campaign.engine.EffectStore;
import io.punchcard.campaign.segment.Rule;
import io.punchcard.campaign.segment.RuleJson;
import io.punchcard.campaign.segment.SegmentCompiler;
import io.punchcard.campaign.segment.SegmentSql;

/**
 * A campaign's audience as SQL: its saved segment's rule or its own, compiled at the moment it is used (relative
 * dates count from then), in the program's zone. A campaign without an audience reaches every active member.
 */
public final class SegmentAudiences implements AudienceSql {

    private final PgSegments segments;
    private final Supplier<ZoneId> zone;

    public SegmentAudiences(PgSegments segments, Supplier<ZoneId> zone) {
        this.segments = segments;
        this.zone = zone;
    }

    @Override
    public EffectStore.Sql where(CampaignSpec.Audience audience, Instant now) {
        if (audience == null || audience.segment() == null && audience.rule() == null) {
            return EffectStore.Sql.of("TRUE");
        }
        Rule rule;
        if (audience.segment() != null) {
            rule = segments.find(audience.segment()).orElseThrow(() -> new IllegalArgumentException(
                    "audience.segment " + audience.segment() + " is not a saved segment")).rule();
        } else if (RuleJson.read(audience.rule(), "audience.rule") instanceof RuleJson.Read read) {
            rule = read.rule();
        } else {
            throw new IllegalArgumentException("audience.rule is not a valid rule");
        }
        SegmentSql sql = new SegmentCompiler(now, zone.get()).compile(rule);
        return new EffectStore.Sql(sql.where(), sql.binds());
    }
}
