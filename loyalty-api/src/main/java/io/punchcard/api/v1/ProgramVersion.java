package io.punchcard.api.v1;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version of the program and what it changed against the version before ({@code GET
 * /api/v1/program/versions/{n}}).
 *
 * @param saved   its number, time and author
 * @param program the program document of this version
 * @param changes what changed from version {@code n - 1}; for version 1, everything added
 */
public record ProgramVersion(ProgramVersions.Saved saved, JsonNode program, List<Change> changes) {

    /**
     * One difference.
     *
     * @param path   where in the program, e.g. {@code rewards[FIVE-OFF-500].pointsPrice}
     * @param kind   ADDED, REMOVED or CHANGED
     * @param before the value before, or null when added
     * @param after  the value after, or null when removed
     */
    public record Change(String path, String kind, JsonNode before, JsonNode after) {
    }
}
