package io.punchcard.campaign.message;

/** How a message reaches a member; it decides which parts a template has and whether HTML is escaped. */
public enum Channel {
    EMAIL,
    SMS
}
