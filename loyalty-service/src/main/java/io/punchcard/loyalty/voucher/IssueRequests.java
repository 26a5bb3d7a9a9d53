package io.punchcard.loyalty.voucher;

import java.util.ArrayList;
import java.util.List;

import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.VoucherBatch;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Violation;

/** Checks vouchers to issue from the wire, for the single route and the batch alike. */
public final class IssueRequests {

    private IssueRequests() {
    }

    /**
     * The fields an issue cannot be without, absent or blank: a batch that lacks one is malformed as a whole. A
     * batch's issues must each carry an issue id (a batch is retried whole); the single route may leave it out.
     */
    public static List<Violation> missing(VoucherBatch.Issue wire, boolean issueIdRequired) {
        List<Violation> violations = new ArrayList<>();
        if (wire == null) {
            violations.add(new Violation("", "a voucher to issue is required"));
            return violations;
        }
        if (issueIdRequired) {
            Limits.present(violations, "issueId", wire.issueId());
        }
        Limits.present(violations, "template", wire.template());
        Limits.present(violations, "reason", wire.reason());
        return violations;
    }

    /** The voucher to issue, or everything wrong with the request. */
    public static Checked<IssueRequest> check(VoucherBatch.Issue wire, boolean issueIdRequired) {
        List<Violation> violations = missing(wire, issueIdRequired);
        if (wire == null) {
            return new Checked.Invalid<>(violations);
        }
        Limits.text(violations, "issueId", wire.issueId());
        Limits.text(violations, "template", wire.template());
        Limits.text(violations, "reason", wire.reason());
        Limits.campaign(violations, "campaign", wire.campaign());
        return Checked.of(violations, () -> new IssueRequest(wire.issueId(), wire.memberId(), wire.template(),
                wire.reason(), wire.campaign()));
    }

    /** The single route's body. */
    public static VoucherBatch.Issue of(IssueVoucher body) {
        return new VoucherBatch.Issue(body.issueId(), body.memberId(), body.template(), body.reason(), null);
    }
}
