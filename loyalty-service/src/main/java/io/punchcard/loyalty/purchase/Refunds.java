package io.punchcard.loyalty.purchase;

import java.util.List;

import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.RefundRecorded;
import io.punchcard.loyalty.program.Violation;

/** Refunds of recorded purchases. */
public interface Refunds {

    /**
     * Records a refund once, idempotent on its source and external id.
     *
     * @param sourceKey the refund's source key
     * @param request   the checked request
     * @param onlyStore the store whose purchases the caller may refund, or null for any
     */
    Refunded record(String sourceKey, RecordRefund request, String onlyStore);

    /** The outcome of a refund. */
    sealed interface Refunded permits Accepted, UnknownPurchase, OtherStore, Rejected {
    }

    /**
     * @param result   what it reversed
     * @param replayed true when this refund had been recorded before
     */
    record Accepted(RefundRecorded result, boolean replayed) implements Refunded {
    }

    /** @param field the purchase reference that names no purchase */
    record UnknownPurchase(String field) implements Refunded {
    }

    /** @param store the store where the purchase was made, which the caller may not refund for */
    record OtherStore(String store) implements Refunded {
    }

    /** @param violations why it cannot be recorded (more returned than bought, ...) */
    record Rejected(List<Violation> violations) implements Refunded {
    }

}
