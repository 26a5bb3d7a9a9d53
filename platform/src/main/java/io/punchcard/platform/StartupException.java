package io.punchcard.platform;

/**
 * A server cannot start because of its configuration or its surroundings. The message is one line that says
 * what is wrong and what to change; {@link Launcher} prints it instead of a stack trace.
 */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost cause's message, which is usually the one that names the real trouble. */
    public static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse("").trim();
    }
}
