package io.punchcard.loyalty.program;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/** The program in force, and new versions of it. */
public interface Programs {

    /** The program in force and its version. */
    Versioned current();

    /** Validates and saves a new version, which is in force from then on. */
    default Saved save(Program program, String actor) {
        return change(OptionalInt.empty(), current -> new Checked.Ok<>(program), actor);
    }

    /**
     * Applies {@code change} to the latest version and saves the result as the next, validated; saves made
     * meanwhile wait, so a change made to one part never undoes another's change to another part.
     *
     * @param expectedVersion the version the caller read (its {@code If-Match}); a later one makes it a
     *                        {@link Conflict} and nothing is saved. Empty to apply to whatever is latest.
     * @param change          the new program from the latest, or what is wrong with the request
     * @param actor           who, for the record
     */
    Saved change(OptionalInt expectedVersion, Function<Program, Checked<Program>> change, String actor);

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
