package io.punchcard.loyalty.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** Creates an API key of {@code scope} (limited to {@code store} when not null) and returns its token. */
    public static String apiKey(CoreUnderTest core, String scope, String store) {
        CoreUnderTest.Response created = core.post("/api/v1/admin/api-keys", store == null
                ? Map.of("name", scope + " test", "scope", scope)
                : Map.of("name", scope + " test", "scope", scope, "store", store));
        if (created.status() != 201) {
            throw new IllegalStateException("key not created: " + created.body());
        }
        return created.text("token");
    }

    /**
     * Every item of the array {@code field} on every page of the listing {@code path} (which has a query already),
     * following each page's {@code next} until a page has none.
     */
    public static List<JsonNode> allPages(CoreUnderTest core, String path, String field) {
        List<JsonNode> seen = new ArrayList<>();
        String next = null;
        for (int pages = 0; pages < 10_000; pages++) {
            CoreUnderTest.Response page = core.get(path + (next == null ? "" : "&after=" + next));
            if (page.status() != 200) {
                throw new IllegalStateException(path + " answered " + page.status() + ": " + page.body());
            }
            page.body().get(field).forEach(seen::add);
            if (!page.body().has("next")) {
                return seen;
            }
            next = page.text("next");
        }
        throw new IllegalStateException("paging " + path + " never ended");
    }
}
