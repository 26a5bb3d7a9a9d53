package io.punchcard.console.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.PurchasePage;

/**
 * The columns of the console's exports and how a member or a purchase fills them. Amounts stay in minor units with
 * the currency beside them, as the core keeps them: a spreadsheet formats them, no rounding happens here. Times are
 * UTC instants (ISO 8601).
 */
public final class Rows {

    public static final List<String> MEMBER_COLUMNS = List.of("id", "givenName", "familyName", "email", "phone",
            "cardNumber", "tier", "joinChannel", "joinStore", "preferredStore", "language", "birthday", "emailConsent",
            "smsConsent", "tags", "createdAt");

    public static final List<String> PURCHASE_COLUMNS = List.of("purchaseId", "occurredAt", "store", "channel",
            "terminal", "memberId", "source", "externalId", "currency", "totalMinor", "eligibleMinor", "pointsEarned",
            "history", "recordedAt");

    private Rows() {
    }

    public static List<String> member(MemberView member) {
        return List.of(text(member.id()), text(member.givenName()), text(member.familyName()), text(member.email()),
                text(member.phone()), text(member.cardNumber()), text(member.tier()), text(member.joinChannel()),
                text(member.joinStore()), text(member.preferredStore()), text(member.language()),
                text(member.birthday()), consent(member, "email"), consent(member, "sms"),
                member.tags() == null ? "" : String.join(" ", member.tags()), text(member.createdAt()));
    }

    public static List<String> purchase(PurchasePage.Item purchase) {
        return List.of(text(purchase.purchaseId()), text(purchase.occurredAt()), text(purchase.store()),
                text(purchase.channel()), text(purchase.terminal()), text(purchase.memberId()),
                text(purchase.source()), text(purchase.externalId()), text(purchase.currency()),
                Long.toString(purchase.totalMinor()), Long.toString(purchase.eligibleMinor()),
                Long.toString(purchase.pointsEarned()), Boolean.toString(purchase.history()),
                text(purchase.recordedAt()));
    }

    /** {@code yes} or {@code no} for a consent given or refused; empty when the member was never asked. */
    private static String consent(MemberView member, String channel) {
        if (member.consents() == null || member.consents().get(channel) == null) {
            return "";
        }
        return member.consents().get(channel).granted() ? "yes" : "no";
    }

    private static String text(Object value) {
        return switch (value) {
            case null -> "";
            case Instant instant -> instant.toString();
            case LocalDate date -> date.toString();
            default -> Objects.toString(value);
        };
    }
}
