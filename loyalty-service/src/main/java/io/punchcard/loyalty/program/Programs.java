package io.punchcard.loyalty.program;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.loyalty.access.Actor;

/** The program in force, and new versions of it. */
public interface Programs {

    /** The program in force and its version. */
    Versioned current();

    /** Validates and saves a new version, which is in force from then on. */
    default Saved save(Program program, Actor by) {
        return change(OptionalInt.empty(), current -> new Checked.Ok<>(program), by);
    }

    /**
     * Applies {@code change} to the latest version and saves the result as the next, validated; saves made
     * meanwhile wait, so a change made to one part never undoes another's change to another part.
     *
     * @param expectedVersion the version the caller read (its {@code If-Match}); a later one makes it a
     *                        {@link Conflict} and nothing is saved. Empty to apply to whatever is latest.
     * @param change          the new program from the latest, or what is wrong with the request
     * @param by              who: the version's {@code created_by}, and the actor of its audit entry ({@code
     *                        program.change}, the program before and after, written in the same transaction)
     */
    Saved change(OptionalInt expectedVersion, Function<Program, Checked<Program>> change, Actor by);

    /** Saved versions, newest first, those before version {@code before} (null: from the newest), at most {@code limit}. */
    List<Stamp> history(Integer before, int limit);

    /** Version {@code version} as saved, with the one before it for comparing; empty when there is no such version. */
    Optional<Document> document(int version);

    /**
     * When and by whom a version was saved.
     *
     * @param version   its number
     * @param at        when
     * @param createdBy who ({@link Actor#name()}, or {@code seed} for the first)
     * @param actorName the member of staff's name as it is now, when a member of staff saved it
     */
    record Stamp(int version, Instant at, String createdBy, String actorName) {
    }

    /**
     * A version's document as stored.
     *
     * @param saved    when and by whom
     * @param program  the program document
     * @param previous the document of the version before, or null for version 1
     */
    record Document(Stamp saved, JsonNode program, JsonNode previous) {
    }

    /**
     * A program and the version it was saved as.
     *
     * @param version  increasing from 1
     * @param program  the program
     */
    record Versioned(int version, Program program) {
    }

    /** The outcome of saving a program. */
    sealed interface Saved permits Accepted, Rejected, Conflict {
    }

    /** @param version the version it was saved as */
    record Accepted(Versioned version) implements Saved {
    }

    /** @param violations everything wrong with it */
    record Rejected(List<Violation> violations) implements Saved {
    }

    /**
     * The caller changed a version that is no longer the latest: someone saved in between.
     *
     * @param expected the version the caller read
     * @param latest   the version in force
     */
    record Conflict(int expected, int latest) implements Saved {
    }
}
