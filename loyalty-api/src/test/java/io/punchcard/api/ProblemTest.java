package io.punchcard.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ProblemTest {

    @Test
    void serialisesAsRfc9457WithoutEmptyMembers() throws Exception {
        Problem problem = Problem.of("invalid-field", "A request field is invalid", 400, "Phone is not a number.", "phone")
                .at("/api/v1/members");

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(problem));

        assertEquals("https://punchcard.io/problems/invalid-field", json.get("type").asText());
        assertEquals(400, json.get("status").asInt());
        assertEquals("phone", json.get("field").asText());
        assertEquals("/api/v1/members", json.get("instance").asText());
    }

    @Test
    void leavesOutAFieldThatIsNotThere() throws Exception {
        String json = Json.mapper().writeValueAsString(Problem.of("not-found", "Not Found", 404, "Nothing here.", null));

        assertFalse(json.contains("field"), json);
        assertFalse(json.contains("instance"), json);
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        Problem problem = Problem.of("not-found", "Not Found", 404, "Nothing here.", null);

        assertEquals(problem, Json.mapper().readValue(Json.mapper().writeValueAsString(problem), Problem.class));
    }
}
