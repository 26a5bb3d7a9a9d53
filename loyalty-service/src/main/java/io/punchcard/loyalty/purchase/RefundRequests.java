package io.punchcard.loyalty.purchase;

import java.util.ArrayList;
import java.util.List;

import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Violation;

/** Checks refund requests from the wire. */
public final class RefundRequests {

    private RefundRequests() {
    }

    /** The request, or what is wrong with it: source and id, the purchase, and lines or an amount (not both). */
    public static Checked<RecordRefund> check(RecordRefund request) {
        if (request == null) {
            return new Checked.Invalid<>(List.of(new Violation("", "a refund is required")));
        }
        List<Violation> violations = new ArrayList<>();
        if (request.source() == null || request.source().channel() == null) {
            violations.add(new Violation("source", "is required, with its channel and store"));
        } else {
            Limits.source(violations, "source", request.source());
        }
        Limits.required(violations, "externalId", request.externalId());
        boolean byId = request.purchaseId() != null;
        boolean bySource = request.purchaseSource() != null || request.purchaseExternalId() != null;
        if (byId == bySource) {
            violations.add(new Violation("purchaseId", "name the purchase by purchaseId, or by purchaseSource and "
                    + "purchaseExternalId"));
        } else if (bySource) {
            if (request.purchaseSource() == null || request.purchaseSource().channel() == null) {
                violations.add(new Violation("purchaseSource", "is required with purchaseExternalId"));
            } else {
                Limits.source(violations, "purchaseSource", request.purchaseSource());
            }
            Limits.required(violations, "purchaseExternalId", request.purchaseExternalId());
        }
        boolean byLines = request.lines() != null && !request.lines().isEmpty();
        boolean byAmount = request.amountMinor() != null;
        boolean remainder = Boolean.TRUE.equals(request.remainder());
        if ((byLines ? 1 : 0) + (byAmount ? 1 : 0) + (remainder ? 1 : 0) != 1) {
            violations.add(new Violation("lines", "refund lines, an amountMinor, or the remainder: one of the three"));
        }
        if (byLines && request.lines().size() > Limits.MAX_LINES) {
            violations.add(new Violation("lines", "at most " + Limits.MAX_LINES));
        } else if (byLines) {
            for (int i = 0; i < request.lines().size(); i++) {
                Limits.text(violations, "lines[" + i + "].sku", request.lines().get(i).sku());
            }
        }
        if (byAmount && (request.amountMinor() < 1 || request.amountMinor() > Limits.MAX_AMOUNT_MINOR)) {
            violations.add(new Violation("amountMinor", "must be between 1 and " + Limits.MAX_AMOUNT_MINOR));
        }
        return Checked.of(violations, () -> request);
    }
}
