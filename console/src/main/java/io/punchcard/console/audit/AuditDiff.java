package io.punchcard.console.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an audited change changed, as an admin reads it: the target's fields whose value differs between before and
 * after, each with its two values as text. A creation shows every field as new, a removal every field as gone; a
 * field that stayed is left out, so an account's new role is one line, not two copies of the account.
 */
public final class AuditDiff {

    /**
     * One field that changed.
     *
     * @param field  its name, e.g. {@code role}
     * @param before its value before as text; empty when it had none
     * @param after  its value after as text; empty when it has none
     */
    public record Change(String field, String before, String after) {
    }

    private AuditDiff() {
    }

    /** The fields that differ between {@code before} and {@code after} (either null or not an object: none). */
    public static List<Change> between(JsonNode before, JsonNode after) {
        Set<String> fields = new LinkedHashSet<>();
        names(before).forEachRemaining(fields::add);
        names(after).forEachRemaining(fields::add);
        List<Change> changes = new ArrayList<>();
        for (String field : fields) {
            String was = text(before == null ? null : before.get(field));
            String is = text(after == null ? null : after.get(field));
            if (!was.equals(is)) {
                changes.add(new Change(field, was, is));
            }
        }
        return changes;
    }

    private static Iterator<String> names(JsonNode node) {
        return node != null && node.isObject() ? node.fieldNames() : java.util.Collections.emptyIterator();
    }

    /** A value as a person reads it: a list as its items joined by commas, nothing for null. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isArray()) {
            return String.join(", ", StreamSupport.stream(value.spliterator(), false).map(AuditDiff::text).toList());
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
