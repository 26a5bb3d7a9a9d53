package io.punchcard.console.members;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.LedgerEntry;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.api.v1.TimelineEntry;
import io.punchcard.api.v1.VoucherView;

/**
 * The rows of the member page's tables, written out for people from what the core (and the scheduler) answered:
 * plain words for the ledger's kinds and the timeline's events, money and times by {@link Formats}. No rule is
 * decided here; this only says what the core said.
 */
public final class Lines {

    private static final Map<String, String> KINDS = Map.of(
            "EARN", "Earned", "BONUS", "Bonus", "REDEEM", "Spent", "EXPIRE", "Expired",
            "ADJUST", "Adjusted by staff", "REVERSE", "Taken back (refund)", "MERGE", "Moved by a merge");

    private Lines() {
    }

    /**
     * A ledger entry.
     *
     * @param taken whether it takes points (shown as such in words, not by colour alone)
     */
    public record LedgerLine(long id, String when, String kind, String points, boolean taken, String reason,
                             String actor) {
    }

    /** A purchase, from any channel. */
    public record PurchaseLine(String when, String channel, String store, String total, String points,
                               boolean history) {
    }

    /** One event of the timeline: what kind of thing, and what. */
    public record TimelineLine(String when, String what, String detail) {
    }

    /** A voucher in the member's wallet. */
    public record VoucherLine(String code, String name, String status, String value, String validUntil) {
    }

    /** A consent, with where and when it was given or withdrawn. */
    public record ConsentLine(String channel, String state, String source, String when) {
    }

    /**
     * A message to the member, as the campaign scheduler tells it.
     *
     * @param status  where it stands, in words
     * @param outcome why it ended so (a suppression's reason), or what the gateway reported
     */
    public record MessageLine(String when, String channel, String template, String campaign, String status,
                              String outcome) {
    }

    /**
     * @param state    the scheduler's state (SENT, SUPPRESSED, …)
     * @param outcome  the scheduler's outcome, if any
     * @param detail   more about the outcome, if any
     * @param delivery the gateway's delivery receipt (an SMS), if any
     */
    public static MessageLine message(java.time.Instant createdAt, String channel, String template, String campaign,
                                      String state, String outcome, String detail, String delivery, Formats formats) {
        String why = java.util.stream.Stream.of(outcome, detail, delivery == null ? null : "delivery " + status(delivery))
                .filter(part -> part != null && !part.isBlank()).reduce((a, b) -> a + "; " + b).orElse("");
        return new MessageLine(formats.when(createdAt), "SMS".equals(channel) ? "SMS" : "EMAIL".equals(channel)
                ? "E-mail" : text(channel), text(template), text(campaign), status(state), why);
    }

    /**
     * How far the member is from the next tier, in a sentence: what is still needed (spend or points, as the program
     * qualifies) and by when, or that they are at the top.
     */
    public static String tierProgress(io.punchcard.api.v1.MemberSummary.TierProgress progress, Formats formats) {
        if (progress == null || progress.nextTier() == null) {
            return "At the highest tier.";
        }
        String needed = "POINTS".equals(progress.basis()) ? formats.points(progress.needed()) + " more points"
                : formats.money(progress.needed()) + " more spend";
        return needed + " for " + progress.nextTier() + (progress.neededBy() == null ? ""
                : " by " + formats.day(progress.neededBy())) + ".";
    }

    private static final Map<String, String> ACTIONS = Map.of(
            "member.adjust", "Points adjusted", "member.update", "Profile changed", "member.merge", "Merged",
            "member.erase", "Erased", "member.unlink", "Unlinked from a channel", "member.export", "Data exported",
            "member.redeem", "Points spent by staff", "voucher.issue", "Voucher issued");

    /** An entry of the core's audit about the member: who did what, and the gist of it. */
    public record AuditLine(String when, String action, String who, String detail) {
    }

    /**
     * An audit entry in words: the person by name and e-mail (a key alone by its id), and from what the entry
     * recorded after the change, the points and reason, the voucher, or the reason.
     */
    public static AuditLine audit(io.punchcard.api.v1.AuditPage.Entry entry, Formats formats) {
        String who = entry.actorEmail() != null ? text(entry.actorName()) + " (" + entry.actorEmail() + ")"
                : "key " + text(entry.actorKeyId());
        JsonNode after = entry.after() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : entry.after();
        String detail = switch (text(entry.action())) {
            case "member.adjust" -> formats.signedPoints(after.path("points").asLong()) + " points: "
                    + after.path("reason").asText("");
            case "voucher.issue" -> after.path("template").asText("") + ", code " + after.path("code").asText("");
            default -> after.path("reason").asText("");
        };
        return new AuditLine(formats.when(entry.at()), ACTIONS.getOrDefault(entry.action(), text(entry.action())),
                who.strip(), detail);
    }

    public static LedgerLine ledger(LedgerEntry entry, Formats formats) {
        return new LedgerLine(entry.id(), formats.when(entry.at()), KINDS.getOrDefault(entry.kind(), entry.kind()),
                formats.signedPoints(entry.points()), entry.points() < 0, text(entry.reason()), text(entry.actor()));
    }

    public static PurchaseLine purchase(PurchasePage.Item item, Formats formats) {
        return new PurchaseLine(formats.when(item.occurredAt()), channelName(item.channel()), text(item.store()),
                formats.money(item.totalMinor()), formats.signedPoints(item.pointsEarned()), item.history());
    }

    public static VoucherLine voucher(VoucherView voucher, Formats formats) {
        String value = switch (voucher.kind() == null ? "" : voucher.kind()) {
            case "AMOUNT_OFF" -> formats.money(voucher.amountMinor()) + " off";
            case "PERCENT_OFF" -> voucher.percentOff() + "% off";
            default -> text(voucher.name());
        };
        return new VoucherLine(voucher.code(), voucher.name() == null ? voucher.template() : voucher.name(),
                status(voucher.status()), value, formats.day(voucher.validUntil()));
    }

    public static ConsentLine consent(String channel, Consent consent, Formats formats) {
        String name = switch (channel) {
            case "email" -> "E-mail";
            case "sms" -> "Text messages (SMS)";
            default -> channel;
        };
        return new ConsentLine(name, consent.granted() ? "Given" : "Not given", text(consent.source()),
                formats.when(consent.at()));
    }

    /** An event of the timeline in words; an event of a type this console does not know is shown by its type. */
    public static TimelineLine timeline(TimelineEntry entry, Formats formats) {
        JsonNode d = entry.detail() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : entry.detail();
        String when = formats.when(entry.at());
        return switch (entry.type() == null ? "" : entry.type()) {
            case "purchase" -> new TimelineLine(when, "Purchase", formats.money(d.path("totalMinor").asLong())
                    + " " + where(d) + ", " + formats.signedPoints(d.path("points").asLong()) + " points"
                    + (d.path("history").asBoolean() ? " (imported history)" : ""));
            case "refund" -> new TimelineLine(when, "Refund", formats.money(d.path("eligibleMinor").asLong())
                    + " refunded, " + formats.points(d.path("pointsReversed").asLong()) + " points taken back");
            case "points" -> new TimelineLine(when, "Points: " + KINDS.getOrDefault(d.path("kind").asText(),
                    d.path("kind").asText()).toLowerCase(java.util.Locale.ROOT), formats.signedPoints(
                    d.path("points").asLong()) + (d.hasNonNull("reason") ? " — " + d.path("reason").asText() : ""));
            case "voucher" -> new TimelineLine(when, "Voucher " + d.path("template").asText(), status(
                    d.path("status").asText()) + ", code " + d.path("code").asText());
            case "tier" -> new TimelineLine(when, "Tier", (d.hasNonNull("from") ? d.path("from").asText() + " → "
                    : "") + d.path("to").asText() + (d.hasNonNull("reason") ? " (" + d.path("reason").asText() + ")"
                    : ""));
            default -> new TimelineLine(when, text(entry.type()), d.toString());
        };
    }

    private static String where(JsonNode purchase) {
        String channel = channelName(purchase.path("channel").asText(""));
        String store = purchase.path("store").asText("");
        return store.isEmpty() ? channel.toLowerCase(java.util.Locale.ROOT) : "at " + store + " (" + channel + ")";
    }

    /** How a channel ({@code POS}, {@code ONLINE}, {@code KIOSK}) is said. */
    public static String channelName(String channel) {
        return switch (channel == null ? "" : channel) {
            case "POS" -> "In store";
            case "ONLINE" -> "Online";
            case "KIOSK" -> "Kiosk";
            default -> text(channel);
        };
    }

    /** A state as a word ({@code ISSUED} is "Issued"). */
    public static String status(String status) {
        if (status == null || status.isEmpty()) {
            return "";
        }
        return status.charAt(0) + status.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
