package io.punchcard.campaign.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.punchcard.api.Problem;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AdjustmentBatch;
import io.punchcard.api.v1.AdjustmentBatchResult;
import io.punchcard.api.v1.VoucherBatch;
import io.punchcard.api.v1.VoucherBatchResult;
import io.punchcard.campaign.engine.CoreGrants;

/**
 * Campaign grants through the core's batch routes ({@code POST /api/v1/adjustments/batch} and
 * {@code /api/v1/vouchers/batch}): up to 1000 members per call, each item under its effect's key. A call that
 * fails as a whole (the core down, a timeout, a refused key) is {@link CoreGrants.Unavailable}: the batch is asked
 * again later and the core answers what it did already.
 */
public final class CoreCampaignGrants implements CoreGrants {

    private static final String ACTOR = "campaign-scheduler";

    private final Supplier<PunchcardClient> core;

    public CoreCampaignGrants(Supplier<PunchcardClient> core) {
        this.core = core;
    }

    @Override
    public List<Outcome> grantPoints(List<PointsGrant> grants) {
        List<Outcome> outcomes = new ArrayList<>(grants.size());
        for (List<PointsGrant> chunk : chunks(grants, AdjustmentBatch.MAX_ITEMS)) {
            AdjustmentBatchResult result = call(() -> core.get().adjustPoints(chunk.stream()
                    .map(g -> new AdjustmentBatch.Adjustment(g.key(), g.member(), g.points(), g.reason(), ACTOR,
                            g.campaign())).toList()));
            for (AdjustmentBatchResult.Item item : result.results()) {
                outcomes.add(outcome(item.status(), item.problem(), null, null));
            }
        }
        return outcomes;
    }

    @Override
    public List<Outcome> issueVouchers(List<VoucherGrant> grants) {
        List<Outcome> outcomes = new ArrayList<>(grants.size());
        for (List<VoucherGrant> chunk : chunks(grants, VoucherBatch.MAX_ITEMS)) {
            VoucherBatchResult result = call(() -> core.get().issueVouchers(chunk.stream()
                    .map(g -> new VoucherBatch.Issue(g.key(), g.member(), g.template(), g.reason(), g.campaign()))
                    .toList()));
            for (VoucherBatchResult.Item item : result.results()) {
                outcomes.add(outcome(item.status(), item.problem(),
                        item.voucher() == null ? null : item.voucher().id(),
                        item.voucher() == null ? null : item.voucher().code()));
            }
        }
        return outcomes;
    }

    private static Outcome outcome(int status, Problem problem, java.util.UUID voucherId, String code) {
        if (status == 200 || status == 201) {
            return new Granted(voucherId, code);
        }
        if (status >= 500) {
            throw new Unavailable("the core could not do an item (" + status + ")", null);
        }
        return new Refused(problem == null ? "refused (" + status + ")"
                : problem.detail() == null ? problem.title() : problem.detail());
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (PunchcardException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }
}
