package io.punchcard.api.v1;

import java.util.List;

/**
 * {@code GET /api/v1/members} without an identifier: a page of active members, newest first.
 *
 * @param members the members on this page
 * @param next    pass as {@code after} for the next page; absent on the last
 */
public record MemberPage(List<MemberView> members, String next) {
}
