package io.punchcard.api.v1;

import java.util.UUID;

/**
 * {@code POST /api/v1/vouchers}: issue a voucher from a template.
 *
 * @param template the template's code
 * @param memberId the owner; leave out for a bearer voucher
 * @param reason   why it is issued
 * @param issueId  the caller's id of this issue; a retry with it returns the same voucher
 */
public record IssueVoucher(String template, UUID memberId, String reason, String issueId) {
}
