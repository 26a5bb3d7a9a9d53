package io.punchcard.loyalty.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** API keys: none or a bad one is 401, a key outside its scope 403, a revoked one 401. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class AccessIT {

    private static CoreUnderTest admin;

    @BeforeAll
    static void start(TestPostgres postgres) {
        admin = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static String key(String scope, String store) {
        CoreUnderTest.Response created = admin.post("/api/v1/admin/api-keys",
                store == null ? Map.of("name", scope + " test", "scope", scope)
                        : Map.of("name", scope + " test", "scope", scope, "store", store));
        assertEquals(201, created.status(), created.body().toString());
        return created.text("token");
    }

    private static RecordPurchase sale(String store, String id) {
        return new RecordPurchase(new PurchaseSource("POS", store, "T1", null), id, null, Instant.now().minusSeconds(30),
                "EUR", List.of(new PurchaseLine("A", "shirts", BigDecimal.ONE, 1000L, 0L)), null, null, null, 1000L, null, null);
    }

    @Test
    void withoutAKeyOnlyTheIndexAndAboutAnswer() {
        CoreUnderTest anonymous = admin.as(null);

        CoreUnderTest.Response refused = anonymous.get("/api/v1/members?card=NOBODY01");

        assertEquals(401, refused.status());
        assertEquals("https://punchcard.io/problems/unauthorized", refused.text("type"));
        assertEquals(200, anonymous.get("/api/v1/about").status());
        assertEquals(401, admin.as("pk_nonsense_key").get("/api/v1/program").status());
    }

    @Test
    void aKioskKeyEnrolsButCannotRecordSalesOrChangeTheProgram() {
        CoreUnderTest kiosk = admin.as(key("KIOSK", null));
        Map<String, Object> atTheKiosk = Map.of("givenName", "Ana", "cardNumber", "KIOSK0001", "joinChannel", "KIOSK");

        assertEquals(201, kiosk.post("/api/v1/members", atTheKiosk).status());
        CoreUnderTest.Response elsewhere = kiosk.post("/api/v1/members", Fixtures.member("KIOSK0002"));
        assertEquals(400, elsewhere.status(), elsewhere.body().toString());
        assertEquals("joinChannel", elsewhere.text("field"));
        assertEquals(403, kiosk.post("/api/v1/purchases", sale("S001", "kiosk-sale")).status());
        assertEquals(403, kiosk.put("/api/v1/program", admin.get("/api/v1/program").body().get("program")).status());
        assertEquals(403, kiosk.get("/api/v1/events").status());
    }

    @Test
    void aStoreKeyRecordsItsOwnStoresSalesOnly() {
        CoreUnderTest till = admin.as(key("STORE", "S001"));

        assertEquals(201, till.post("/api/v1/purchases", sale("S001", "own-store")).status());
        CoreUnderTest.Response other = till.post("/api/v1/purchases", sale("WEB", "other-store"));
        assertEquals(403, other.status());
        assertEquals("source.store", other.text("field"));
    }

    @Test
    void aStoreKeyRefundsItsOwnStoresSalesOnly() {
        CoreUnderTest till = admin.as(key("STORE", "S001"));
        CoreUnderTest.Response elsewhere = admin.post("/api/v1/purchases", sale("WEB", "sold-in-web"));
        assertEquals(201, elsewhere.status(), elsewhere.body().toString());
        PurchaseSource ownTill = new PurchaseSource("POS", "S001", "T1", null);

        CoreUnderTest.Response foreign = till.post("/api/v1/refunds", new RecordRefund(ownTill, "refund-foreign",
                UUID.fromString(elsewhere.text("purchaseId")), null, null, null, 500L, Instant.now(), null));
        CoreUnderTest.Response storeless = till.post("/api/v1/refunds", new RecordRefund(
                new PurchaseSource("ONLINE", null, null, "web"), "refund-storeless",
                UUID.fromString(elsewhere.text("purchaseId")), null, null, null, 500L, Instant.now(), null));
        assertEquals(201, till.post("/api/v1/purchases", sale("S001", "sold-in-s001")).status());
        CoreUnderTest.Response own = till.post("/api/v1/refunds", new RecordRefund(ownTill, "refund-own", null,
                new PurchaseSource("POS", "S001", "T1", null), "sold-in-s001", null, 500L, Instant.now(), null));

        assertEquals(403, foreign.status(), foreign.body().toString());
        assertEquals("purchaseId", foreign.text("field"));
        assertEquals(403, storeless.status(), storeless.body().toString());
        assertEquals("source.store", storeless.text("field"));
        assertEquals(201, own.status(), own.body().toString());
    }

    @Test
    void aRevokedKeyIsRefused() {
        String token = key("CONNECTOR", null);
        CoreUnderTest connector = admin.as(token);
        assertEquals(200, connector.get("/api/v1/events").status());

        String id = token.split("_")[1];
        assertEquals(204, admin.delete("/api/v1/admin/api-keys/" + id).status());

        assertEquals(401, connector.get("/api/v1/events").status());
    }

    @Test
    void theKeyListShowsNoSecrets() {
        key("CONNECTOR", null);

        String listed = admin.get("/api/v1/admin/api-keys").body().toString();

        assertFalse(listed.contains("pk_"), listed);
        assertFalse(listed.contains("secret"), listed);
    }

    @Test
    void onlyAdminsManageKeys() {
        CoreUnderTest connector = admin.as(key("CONNECTOR", null));

        assertEquals(403, connector.post("/api/v1/admin/api-keys", Map.of("name", "x", "scope", "ADMIN")).status());
    }
}
