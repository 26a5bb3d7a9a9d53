package io.punchcard.storefront.mapping;

/**
 * A webhook that cannot be taken, and why: answered with {@code status} (a 4xx: the platform sending it again
 * would not mend it) and nothing is kept.
 */
public final class BadPayload extends RuntimeException {

    private final int status;
    private final String type;
    private final String field;

    public BadPayload(int status, String type, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    /** A required field is missing or not what the platform documents. */
    public static BadPayload field(String field, String detail) {
        return new BadPayload(422, "invalid-field", field, detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }
}
