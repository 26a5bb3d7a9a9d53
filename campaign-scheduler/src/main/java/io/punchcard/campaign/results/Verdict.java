package io.punchcard.campaign.results;

/** What a campaign's results say about revenue per member, treated against held out, at 95% confidence. */
public enum Verdict {
    /** Treated members spent more per member, and chance alone would rarely (under 5%) show a difference this big. */
    SIGNIFICANT_UPLIFT,
    /** Treated members spent less per member, and chance alone would rarely show a difference this big. */
    SIGNIFICANT_DROP,
    /** The difference, whichever way it goes, is one that chance alone shows often: nothing can be concluded. */
    NOT_SIGNIFICANT,
    /**
     * Nothing can be tested: a group has fewer than {@value Results#MIN_MEMBERS_PER_GROUP} members, or no member's
     * revenue differs from another's in either group (typically, nobody bought in the window).
     */
    TOO_FEW_MEMBERS
}
