package io.punchcard.loyalty.http;

import java.util.ArrayList;
import java.util.List;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.AdjustmentBatch;
import io.punchcard.api.v1.AdjustmentBatchResult;
import io.punchcard.loyalty.points.AdjustmentRequest;
import io.punchcard.loyalty.points.AdjustmentRequests;
import io.punchcard.loyalty.points.Points;
import io.punchcard.loyalty.program.Checked;

/**
 * {@code /api/v1/adjustments/batch}: points added to or taken from many members in one call, each adjustment
 * answered on its own as {@code POST /api/v1/members/{id}/adjustments} answers it.
 */
public final class AdjustmentsService implements HttpService {

    private final Points points;

    public AdjustmentsService(Points points) {
        this.points = points;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/batch", this::batch);
    }

    private void batch(ServerRequest req, ServerResponse res) {
        List<AdjustmentBatch.Adjustment> items = Batches.wellFormed(req.content().as(AdjustmentBatch.class).items(),
                "items", AdjustmentBatch.MAX_ITEMS, AdjustmentRequests::missing);
        List<AdjustmentBatchResult.Item> results = new ArrayList<>();
        List<AdjustmentRequest> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            AdjustmentBatch.Adjustment item = items.get(i);
            switch (AdjustmentRequests.check(item)) {
                case Checked.Ok<AdjustmentRequest> ok -> {
                    results.add(null);
                    valid.add(ok.value());
                    positions.add(i);
                }
                case Checked.Invalid<AdjustmentRequest> invalid -> results.add(refused(i, item,
                        Requests.invalid(invalid.violations()).problem()));
            }
        }
        List<Points.Adjustment> outcomes = valid.isEmpty() ? List.of()
                : points.adjustAll(valid, Authentication.actor(req));
        for (int k = 0; k < positions.size(); k++) {
            int i = positions.get(k);
            AdjustmentBatch.Adjustment item = items.get(i);
            results.set(i, switch (outcomes.get(k)) {
                case Points.Adjusted adjusted -> new AdjustmentBatchResult.Item(i, adjusted.replayed() ? 200 : 201,
                        item.adjustmentId(), item.memberId(), adjusted.result(), null);
                case Points.MemberNotFound notFound -> refused(i, item, Batches.naming(
                        Requests.memberNotFound(item.memberId()).problem(), "memberId"));
                case Points.AdjustmentIdTaken taken -> refused(i, item, idTaken());
            });
        }
        res.send(new AdjustmentBatchResult(results));
    }

    private static AdjustmentBatchResult.Item refused(int index, AdjustmentBatch.Adjustment item, Problem problem) {
        return new AdjustmentBatchResult.Item(index, problem.status(), item.adjustmentId(), item.memberId(), null,
                Batches.prefixed(problem, "items[" + index + "]"));
    }

    /** An adjustment id this member already used for another adjustment. */
    static Problem idTaken() {
        return Problem.of("adjustment-id-taken", "Adjustment id already used", 409, "This member's adjustmentId was "
                + "already used for a different adjustment; a retry must repeat the same request, and a new adjustment "
                + "needs a new id.", "adjustmentId");
    }
}
