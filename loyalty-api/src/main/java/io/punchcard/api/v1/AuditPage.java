package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A page of the audit, newest first ({@code GET /api/v1/staff/audit}).
 *
 * @param entries the entries on the page
 * @param next    the {@code after} of the next page, or null after the last
 */
public record AuditPage(List<Entry> entries, String next) {

    /**
     * What someone changed.
     *
     * @param id           the entry's id
     * @param at           when
     * @param actorStaffId the member of staff in whose session it was done, or null for a key alone
     * @param actorKeyId   the API key it came through ({@code cli} for the command line)
     * @param actorName    the member of staff's name as it is now, or null
     * @param actorEmail   their e-mail as it is now, or null
     * @param action       what, as {@code <resource>.<verb>}: {@code member.adjust}, {@code program.change}, …
     * @param target       to what: {@code member:<id>}, {@code staff:<id>}, {@code program:<version>}, …
     * @param before       the target before, or null
     * @param after        the target after, or null
     */
    public record Entry(UUID id, Instant at, UUID actorStaffId, String actorKeyId, String actorName,
                        String actorEmail, String action, String target, JsonNode before, JsonNode after) {
    }

    /**
     * Which entries to list; every filter may be null.
     *
     * @param actor  a staff id or key id
     * @param action an action ({@code member.adjust}) or a resource's every action ({@code member.*})
     * @param target what the entries are about ({@code member:<id>})
     * @param from   from this moment on
     * @param to     before this moment
     * @param after  the previous page's {@code next}
     * @param limit  at most this many (1 to 200), or null for the core's default
     */
    public record Filter(String actor, String action, String target, Instant from, Instant to, String after,
                         Integer limit) {

        /** The entries about {@code target} ({@code member:<id>}), newest first. */
        public static Filter of(String target) {
            return new Filter(null, null, target, null, null, null, null);
        }
    }
}
