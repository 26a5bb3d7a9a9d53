package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.Problem;
import io.punchcard.campaign.segment.Names;
import io.punchcard.campaign.segment.Rule;
import io.punchcard.campaign.segment.RuleJson;
import io.punchcard.campaign.segment.SegmentCompiler;
import io.punchcard.campaign.segment.SegmentSql;
import io.punchcard.platform.http.ProblemException;

/** Rules and tags as requests carry them: checked with field paths, and compiled for now in the program's zone. */
final class RuleInput {

    private final Clock clock;
    private final Supplier<ZoneId> programZone;

    RuleInput(Clock clock, Supplier<ZoneId> programZone) {
        this.clock = clock;
        this.programZone = programZone;
    }

    /** The rule at {@code field} of a body, or a 400 listing every problem by its path. */
    static Rule rule(JsonNode node, String field) {
        return switch (RuleJson.read(node, field)) {
            case RuleJson.Read read -> read.rule();
            case RuleJson.Refused refused -> throw Invalid.all(errors(refused));
        };
    }

    static java.util.List<Problem.FieldError> errors(RuleJson.Refused refused) {
        return refused.problems().stream().map(p -> new Problem.FieldError(p.path(), p.message())).toList();
    }

    /** {@code tag} from {@code field}, or a 400 naming it. */
    static String tag(String tag, String field) {
        String flaw = Names.tagFlaw(tag);
        if (flaw != null) {
            throw Invalid.field(field, flaw);
        }
        return tag;
    }

    /** {@code rule} as SQL for now; relative days count in the program's zone, which the core keeps. */
    SegmentSql compile(Rule rule) {
        ZoneId zone;
        try {
            zone = programZone.get();
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of("core-unavailable", "Service unavailable", 503,
                    "The core did not answer with the program's time zone, which relative dates count in; try again"
                            + " in a few seconds.", null));
        }
        return new SegmentCompiler(clock.instant(), zone).compile(rule);
    }
}
