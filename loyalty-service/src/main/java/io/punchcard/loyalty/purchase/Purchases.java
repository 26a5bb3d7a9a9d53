package io.punchcard.loyalty.purchase;

import java.util.List;

import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.loyalty.program.Violation;

/** Recording purchases from every channel. */
public interface Purchases {

    /**
     * Records a purchase once: the same (source, external id) again returns the original result and changes
     * nothing, however many times and however concurrently it arrives.
     */
    Recorded record(PurchaseInput input);

    /**
     * Records several purchases, each as {@link #record} would and each answered on its own (one sale's
     * refusal does not refuse the others), in fewer round trips.
     */
    List<Recorded> recordAll(List<PurchaseInput> inputs);

    /** The outcome of recording a purchase. */
    sealed interface Recorded permits Accepted, UnknownMember, Rejected {
    }

    /**
     * @param result   what the sale earned
     * @param replayed true when this sale had been recorded before and {@code result} is the original answer
     */
    record Accepted(PurchaseRecorded result, boolean replayed) implements Recorded {
    }

    /** @param field the member reference that names nobody ({@code member.card}, {@code member.memberId}, ...) */
    record UnknownMember(String field) implements Recorded {
    }

    /** @param violations why the purchase cannot be recorded under the program (e.g. another currency) */
    record Rejected(List<Violation> violations) implements Recorded {
    }
}
