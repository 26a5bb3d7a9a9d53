package io.punchcard.platform;

import java.net.URI;

/** URLs read from the configuration. */
public final class Urls {

    private Urls() {
    }

    /** {@code text}, configured as {@code key}, as an absolute URL; a one-line start-up error when it is not one. */
    public static URI of(String key, String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new StartupException(key + " '" + text + "' is not a URL such as http://core:8080.");
        }
    }
}
