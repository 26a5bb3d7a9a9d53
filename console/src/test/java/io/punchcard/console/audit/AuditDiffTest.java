package io.punchcard.console.audit;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An audited change as the fields that changed, not two copies of the account. */
class AuditDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUpdateShowsOnlyWhatChanged() throws Exception {
        JsonNode before = JSON.readTree("{\"name\":\"Nina\",\"role\":\"STORE_MANAGER\",\"stores\":[\"S001\",\"S002\"],"
                + "\"disabled\":false}");
        JsonNode after = JSON.readTree("{\"name\":\"Nina\",\"role\":\"CASHIER\",\"stores\":[],\"disabled\":false}");
        assertEquals(List.of(new AuditDiff.Change("role", "STORE_MANAGER", "CASHIER"),
                new AuditDiff.Change("stores", "S001, S002", "")), AuditDiff.between(before, after));
    }

    @Test
    void aCreationShowsEveryFieldAsNew() throws Exception {
        JsonNode after = JSON.readTree("{\"email\":\"n@example.com\",\"lockedUntil\":null,\"failedAttempts\":0}");
        assertEquals(List.of(new AuditDiff.Change("email", "", "n@example.com"),
                new AuditDiff.Change("failedAttempts", "", "0")), AuditDiff.between(null, after));
    }
}
