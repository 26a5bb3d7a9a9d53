package io.punchcard.platform;

/** Keeps passwords in URLs out of logs, banners and error messages. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * {@code url} with the password of its user part ({@code user:password@}) and any {@code password=}
     * parameter replaced by {@code ***}.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(//[^/@:]*):[^/@]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
