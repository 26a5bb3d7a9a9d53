package io.punchcard.platform.store;

/**
 * The connection broke while a commit was under way: the change may or may not be saved, and nobody can say
 * which until the database is back. Unlike other outages this is not "not done, try again": only a caller
 * that can repeat the write safely (it carries the caller's own id) should retry, or look first.
 */
public final class CommitOutcomeUnknown extends RuntimeException {

    public CommitOutcomeUnknown(Throwable cause) {
        super("the connection to the database broke during a commit", cause);
    }
}
