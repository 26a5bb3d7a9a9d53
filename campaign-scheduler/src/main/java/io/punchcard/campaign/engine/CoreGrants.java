package io.punchcard.campaign.engine;

import java.util.List;
import java.util.UUID;

/**
 * What campaigns ask of the core, a batch per call (never one call per member), each item under its effect's
 * key so that a retry after a crash or a timeout is answered, not repeated.
 */
public interface CoreGrants {

    /**
     * @param key      the idempotency id ({@link Effect#actionKey})
     * @param member   whom
     * @param points   how many
     * @param reason   the ledger's reason
     * @param campaign the campaign, for the core's records
     */
    record PointsGrant(String key, UUID member, long points, String reason, String campaign) {
    }

    record VoucherGrant(String key, UUID member, String template, String reason, String campaign) {
    }

    /** How one item went. */
    sealed interface Outcome permits Granted, Refused {
    }

    /**
     * Done (now or by an earlier try).
     *
     * @param voucherId   the voucher, for a voucher grant
     * @param voucherCode its code
     */
    record Granted(UUID voucherId, String voucherCode) implements Outcome {
    }

    /** The core will never do it (the member is erased, the template gone): retrying cannot help. */
    record Refused(String detail) implements Outcome {
    }

    /** The core could not be asked (down, timed out, answered 5xx): the whole batch waits and is asked again. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One outcome per grant, in order. */
    List<Outcome> grantPoints(List<PointsGrant> grants);

    /** One outcome per grant, in order. */
    List<Outcome> issueVouchers(List<VoucherGrant> grants);
}
