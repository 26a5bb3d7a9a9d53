package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page of the program's versions, newest first ({@code GET /api/v1/program/versions}).
 *
 * @param versions the versions on the page
 * @param next     the {@code before} of the next page (the last version here), or null after the last
 */
public record ProgramVersions(List<Saved> versions, Integer next) {

    /**
     * One version: when and by whom it was saved.
     *
     * @param version      its number, from 1
     * @param at           when it was saved
     * @param createdBy    who, as the core recorded it: a staff id, {@code key:<id>}, or {@code seed}
     * @param actorStaffId the member of staff in whose session it was saved, or null
     * @param actorKeyId   the API key it was saved through, or null
     * @param actorName    the member of staff's name as it is now, or null
     */
    public record Saved(int version, Instant at, String createdBy, UUID actorStaffId, String actorKeyId,
                        String actorName) {
    }
}
