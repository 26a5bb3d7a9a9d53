package io.punchcard.api.identity;

/** The ways a member can be found. */
public enum IdentifierKind {
    /** A phone number, stored in E.164. */
    PHONE,
    /** An e-mail address, trimmed and lower-cased. */
    EMAIL,
    /** A loyalty card number, upper-cased without spaces or dashes. */
    CARD,
    /** The rotating token of the member's QR code. */
    QR,
    /** An id in another system, as {@code channel:id}, e.g. {@code shopify:207119551}. */
    EXTERNAL
}
