package io.punchcard.loyalty.access;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The audit of what staff and keys changed ({@code staff_audit}): written in the transaction of the change,
 * read by admins newest first.
 */
public interface Audit {

    /**
     * A change to record.
     *
     * @param actor  who
     * @param action what, as {@code <resource>.<verb>}: {@code staff.create}, {@code staff.lock}, later {@code
     *               member.adjust}
     * @param target to what: {@code staff:<id>}, later {@code member:<id>}
     * @param before the target before, as shown to an admin (never with a password hash), or null
     * @param after  the target after, or null
     */
    record Change(Actor actor, String action, String target, Object before, Object after) {
    }

    /**
     * A recorded change as read back.
     *
     * @param id           its id
     * @param at           when
     * @param actorStaffId the member of staff, or null
     * @param actorKeyId   the key, or {@code cli}
     * @param action       what
     * @param target       to what
     * @param before       the target before, or null
     * @param after        the target after, or null
     * @param actorName    the member of staff's name as it is now, or null
     * @param actorEmail   their e-mail as it is now, or null
     */
    record Entry(UUID id, Instant at, UUID actorStaffId, String actorKeyId, String action, String target,
                 JsonNode before, JsonNode after, String actorName, String actorEmail) {
    }

    /**
     * Which entries to list.
     *
     * @param actor  a staff id or key id, or null for all
     * @param action an action, or those of a resource ({@code member.*}), or null for all
     * @param target what the entries are about ({@code member:<id>}), or null for all
     * @param from   from this moment on (inclusive), or null
     * @param to     before this moment, or null
     * @param after  the cursor of the page before, or null
     * @param limit  at most this many
     */
    record Query(String actor, String action, String target, Instant from, Instant to,
                 io.punchcard.loyalty.search.Cursor after, int limit) {

        /** The resource whose every action the query asks for ({@code member} of {@code member.*}), or null. */
        public String resource() {
            return action != null && action.endsWith(".*") ? action.substring(0, action.length() - 2) : null;
        }
    }

    /** One page of entries, newest first, and where the next one starts (null after the last). */
    record Page(java.util.List<Entry> entries, String next) {
    }

    /** Entries matching {@code query}, newest first. */
    Page list(Query query);

    /**
     * Records {@code change} on its own: for what changes nothing (an export) and so has no transaction to share.
     * A change to data is recorded by its store, in the transaction of the change.
     */
    void record(Change change);
}
