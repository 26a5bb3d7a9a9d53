package io.punchcard.campaign.segment;

/** Who set a tag kept in the scheduler ({@code member_tag.source}). */
public enum TagSource {
    /** A person, one member at a time. */
    STAFF,
    /** A tag rule's refresh; only a refresh removes it again. */
    RULE,
    /** Bulk tagging of a saved segment. */
    SEGMENT,
    /** A campaign's action. */
    CAMPAIGN
}
