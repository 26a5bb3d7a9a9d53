package io.punchcard.loyalty.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;

/** Requests tests build again and again. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A member joining at the till of store S001 with this card. */
    public static EnrollMember member(String card) {
        return new EnrollMember("Ana", "Silva", null, null, card, null, null, "de", null, "POS", "S001", null,
                Map.of("email", new Consent(true, "pos-signup", null)), null);
    }

    /** Enrolls a member with this card and returns their id. */
    public static UUID enroll(CoreUnderTest core, String card) {
        CoreUnderTest.Response response = core.post("/api/v1/members", member(card));
        if (response.status() != 201) {
            throw new IllegalStateException("enrolment failed: " + response.body());
        }
        return UUID.fromString(response.text("id"));
    }

    /** A till sale of one line, at {@code occurredAt}, for the member with {@code card}. */
    public static RecordPurchase sale(String saleId, String card, long amountMinor, Instant occurredAt) {
        return new RecordPurchase(new PurchaseSource("POS", "S001", "T1", null), saleId,
                card == null ? null : MemberRef.card(card), occurredAt, "EUR",
                List.of(new PurchaseLine("SKU-1", "shirts", BigDecimal.ONE, amountMinor, 0L)), null, null, null,
                amountMinor, null, null);
    }
}
