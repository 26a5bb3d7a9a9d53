package io.punchcard.loyalty.voucher;

import java.util.Objects;
import java.util.UUID;

/**
 * A voucher to issue, checked: what the single route and the batch route both hand to {@link Vouchers#issueAll}.
 *
 * @param issueId  the caller's id of the issue, or null (single route only: then a retry issues another voucher)
 * @param memberId the owner, or null for a bearer voucher (a member merged away means the survivor)
 * @param template the template's code
 * @param reason   why
 * @param campaign the campaign it belongs to, or null
 */
public record IssueRequest(String issueId, UUID memberId, String template, String reason, String campaign) {

    public IssueRequest {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Whether the voucher already issued with this issue id is this request's, rather than another issue reusing the
     * id. Its owner may be the member asked for or, after a merge, the survivor {@code current} now stands for them.
     */
    public boolean sameAs(String issuedTemplate, UUID issuedTo, String issuedReason, String issuedCampaign,
                          UUID current) {
        boolean sameOwner = Objects.equals(issuedTo, memberId) || issuedTo != null && issuedTo.equals(current);
        return issuedTemplate.equals(template) && sameOwner && issuedReason.equals(reason)
                && Objects.equals(issuedCampaign, campaign);
    }
}
