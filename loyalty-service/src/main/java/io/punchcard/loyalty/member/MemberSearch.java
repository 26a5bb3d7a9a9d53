package io.punchcard.loyalty.member;

import io.punchcard.loyalty.search.Page;

/** Active members listed for staff: search by name, tier, store and when they joined. */
public interface MemberSearch {

    /** A page of the active members {@code query} matches, newest first. */
    Page<Member> search(MemberQuery query);
}
