package io.punchcard.api.identity;

/**
 * One normalised identifier.
 *
 * @param kind  what it is
 * @param value its normalised form, the one stored and looked up
 */
public record Identifier(IdentifierKind kind, String value) {
}
