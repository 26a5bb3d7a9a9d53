package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/staff/audit} (admins): a page of the audit of what staff and keys changed, newest first.
 *
 * @param entries the changes on this page
 * @param next    pass as {@code after} for the next page; null on the last
 */
public record StaffAuditPage(List<Entry> entries, String next) {

    /**
     * One recorded change.
     *
     * @param id           its id
     * @param at           when
     * @param actorStaffId the member of staff in whose session it was made; null for a key or the command line
     * @param actorKeyId   the key it was made with, or {@code cli}
     * @param action       what, e.g. {@code staff.create}
     * @param target       to what, e.g. {@code staff:<id>}
     * @param before       the target before, as JSON; null for a creation
     * @param after        the target after, as JSON; null for a removal
     */
    public record Entry(UUID id, Instant at, UUID actorStaffId, String actorKeyId, String action, String target,
                        JsonNode before, JsonNode after) {
    }
}
