package io.punchcard.loyalty.program;

import java.util.List;

/** The program in force, and new versions of it. */
public interface Programs {

    /** The program in force and its version. */
    Versioned current();

    /** Validates and saves a new version, which is in force from then on. */
    Saved save(Program program, String actor);

    /**
     * A program and the version it was saved as.
     *
     * @param version  increasing from 1
     * @param program  the program
     */
    record Versioned(int version, Program program) {
    }

    /** The outcome of saving a program. */
    sealed interface Saved permits Accepted, Rejected {
    }

    /** @param version the version it was saved as */
    record Accepted(Versioned version) implements Saved {
    }

    /** @param violations everything wrong with it */
    record Rejected(List<Violation> violations) implements Saved {
    }
}
