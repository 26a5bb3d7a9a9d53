package io.punchcard.loyalty.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import org.junit.jupiter.api.Test;

class ProgramDiffTest {

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> described(String before, String after) {
        return ProgramDiff.between(json(before), json(after)).stream()
                .map(c -> c.kind() + " " + c.path() + " " + c.before() + " -> " + c.after()).toList();
    }

    @Test
    void equalProgramsDifferInNothing() {
        assertEquals(List.of(), described("{'currency': 'EUR', 'stores': [{'code': 'A'}]}",
                "{'stores': [{'code': 'A'}], 'currency': 'EUR'}"));
    }

    @Test
    void aChangedValueIsNamedByItsPathWithOldAndNew() {
        assertEquals(List.of("CHANGED expiry.months 24 -> 12", "ADDED name null -> \"Club\""),
                described("{'expiry': {'months': 24, 'kind': 'ROLLING'}}",
                        "{'expiry': {'months': 12, 'kind': 'ROLLING'}, 'name': 'Club'}"));
    }

    @Test
    void entriesWithACodeAreMatchedByItNotByPosition() {
        // B taken out of the middle: one removal and C's price, not a change to every entry after B.
        assertEquals(List.of("REMOVED rewards[B] {\"code\":\"B\",\"price\":2} -> null",
                        "CHANGED rewards[C].price 3 -> 4", "ADDED rewards[D] null -> {\"code\":\"D\",\"price\":5}"),
                described("{'rewards': [{'code': 'A', 'price': 1}, {'code': 'B', 'price': 2}, {'code': 'C', 'price': 3}]}",
                        "{'rewards': [{'code': 'A', 'price': 1}, {'code': 'C', 'price': 4}, {'code': 'D', 'price': 5}]}"));
    }

    @Test
    void earningRulesAreMatchedByIdAndOtherListsByPosition() {
        assertEquals(List.of("CHANGED earning.rules[campaign.7].percent 200 -> 300", "CHANGED tags[1] \"b\" -> \"c\"",
                        "ADDED tags[2] null -> \"d\""),
                described("{'earning': {'rules': [{'id': 'campaign.7', 'percent': 200}]}, 'tags': ['a', 'b']}",
                        "{'earning': {'rules': [{'id': 'campaign.7', 'percent': 300}]}, 'tags': ['a', 'c', 'd']}"));
    }

    @Test
    void aNullValueCountsAsAbsentAndATypeChangeIsAChange() {
        assertEquals(List.of("REMOVED holdout 5 -> null", "CHANGED tiers {\"x\":1} -> [1]"),
                described("{'holdout': 5, 'note': null, 'tiers': {'x': 1}}", "{'holdout': null, 'tiers': [1]}"));
    }

    @Test
    void theFirstVersionIsEverythingAdded() {
        assertEquals(List.of("ADDED currency null -> \"EUR\""), described("{}", "{'currency': 'EUR'}"));
    }
}
