package io.punchcard.loyalty.points;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.v1.AdjustmentBatch;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Violation;

/** Checks manual adjustments from the wire, for the single route and the batch alike. */
public final class AdjustmentRequests {

    private AdjustmentRequests() {
    }

    /**
     * The fields an adjustment cannot be without, absent or blank: a batch that lacks one is malformed as a whole,
     * while a value the rules refuse (no points, too many) is refused for its own adjustment only.
     */
    public static List<Violation> missing(AdjustmentBatch.Adjustment wire) {
        List<Violation> violations = new ArrayList<>();
        if (wire == null) {
            violations.add(new Violation("", "an adjustment is required"));
            return violations;
        }
        Limits.present(violations, "adjustmentId", wire.adjustmentId());
        if (wire.memberId() == null) {
            violations.add(new Violation("memberId", "is required"));
        }
        if (wire.points() == null) {
            violations.add(new Violation("points", "is required"));
        }
        Limits.present(violations, "reason", wire.reason());
        Limits.present(violations, "actor", wire.actor());
        return violations;
    }

    /** The adjustment to make, or everything wrong with it. */
    public static Checked<AdjustmentRequest> check(AdjustmentBatch.Adjustment wire) {
        List<Violation> violations = missing(wire);
        if (wire == null) {
            return new Checked.Invalid<>(violations);
        }
        Limits.text(violations, "adjustmentId", wire.adjustmentId());
        if (wire.points() != null && (wire.points() == 0 || Math.abs(wire.points()) > Limits.MAX_POINTS)) {
            violations.add(new Violation("points", "must be a non-zero whole number within " + Limits.MAX_POINTS
                    + " either way"));
        }
        Limits.text(violations, "reason", wire.reason());
        Limits.text(violations, "actor", wire.actor());
        Limits.campaign(violations, "campaign", wire.campaign());
        return Checked.of(violations, () -> new AdjustmentRequest(wire.memberId(), wire.adjustmentId(), wire.points(),
                wire.reason(), wire.actor(), wire.campaign()));
    }

    /** The single route's body, for the member of its path. */
    public static AdjustmentBatch.Adjustment of(UUID memberId, io.punchcard.api.v1.AdjustPoints body) {
        return new AdjustmentBatch.Adjustment(body.adjustmentId(), memberId, body.points(), body.reason(), body.actor(),
                null);
    }
}
