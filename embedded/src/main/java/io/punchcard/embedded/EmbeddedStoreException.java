package io.punchcard.embedded;

/** An embedded server could not be started; the message says why and what to change, in one line. */
public final class EmbeddedStoreException extends RuntimeException {

    public EmbeddedStoreException(String message) {
        super(message);
    }

    public EmbeddedStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
