package io.punchcard.loyalty.voucher;

import io.punchcard.api.v1.VoucherView;

/** A voucher as the API shows it. */
public final class VoucherViews {

    private VoucherViews() {
    }

    /** {@code v} with its template's name as shoppers see it, an amount said in {@code currency} (the program's). */
    public static VoucherView of(Voucher v, String currency) {
        return new VoucherView(v.id(), v.code(), v.template().code(), v.template().displayName(currency), v.template().kind().name(),
                v.template().amountMinor(), v.template().percentOff(), v.memberId(), v.status(), v.usesAllowed(),
                v.uses(), v.validFrom(), v.validUntil());
    }
}
