package io.punchcard.campaign.engine;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;

import io.punchcard.campaign.message.Channel;

/**
 * The 3R starter set: a campaign a manager can start from for each thing retail loyalty programs usually do. Each
 * is a complete, valid spec against the demo program (its voucher templates FIVE-OFF and TEN-PERCENT, its tiers)
 * and the scheduler's default message templates; a manager changes what differs in their program.
 */
public final class CampaignTemplates {

    /**
     * A starting point.
     *
     * @param code        how to ask for it
     * @param title       what it is
     * @param description what it does, in a manager's words
     * @param spec        the campaign it makes
     */
    public record Template(String code, String title, String description, CampaignSpec spec) {
    }

    /** The message templates the starter set uses, made by default (DefaultTemplates). */
    public static final String MESSAGE_WELCOME_BONUS = "campaign-welcome-bonus";
    public static final String MESSAGE_REFERRAL = "campaign-referral";
    public static final String MESSAGE_VOUCHER = "campaign-voucher";
    public static final String MESSAGE_TIER_UP = "campaign-tier-up";
    public static final String MESSAGE_BIRTHDAY = "campaign-birthday";
    public static final String MESSAGE_WIN_BACK = "campaign-win-back";
    public static final String MESSAGE_POINTS_EXPIRING = "campaign-points-expiring";

    private CampaignTemplates() {
    }

    /**
     * The starter set as of {@code now}: the double-points weekend is the coming weekend in {@code zone}, the
     * tier-up welcome greets members reaching {@code topTier}.
     */
    public static List<Template> all(Instant now, ZoneId zone, String topTier) {
        LocalDate saturday = LocalDate.ofInstant(now, zone).with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        Instant weekendStarts = saturday.atStartOfDay(zone).toInstant();
        Instant weekendEnds = saturday.plusDays(2).atStartOfDay(zone).toInstant();
        return List.of(
                new Template("welcome-bonus", "Welcome bonus",
                        "100 points and a welcome e-mail for every member who joins.",
                        spec("Welcome bonus", CampaignSpec.Family.RECRUIT,
                                new Trigger.OnEvent(Trigger.MemberEvent.JOINED, null, null),
                                List.of(new Action.GrantPoints(100L, "welcome bonus"),
                                        new Action.SendMessage(MESSAGE_WELCOME_BONUS, Channel.EMAIL)), null, null)),
                new Template("referral", "Referral reward",
                        "When a referred friend makes their first purchase, 200 points to both the friend and the "
                                + "member who referred them.",
                        spec("Referral reward", CampaignSpec.Family.RECRUIT,
                                new Trigger.OnEvent(Trigger.MemberEvent.REFERRED_FIRST_PURCHASE, null, null),
                                List.of(new Action.GrantPoints(200L, "referral reward"),
                                        new Action.SendMessage(MESSAGE_REFERRAL, Channel.EMAIL)), null, null)),
                new Template("spend-threshold-voucher", "Spend-threshold voucher",
                        "A 5-off voucher for every purchase of 100.00 or more.",
                        spec("Spend 100, get 5 off", CampaignSpec.Family.REWARD,
                                new Trigger.OnEvent(Trigger.MemberEvent.PURCHASE, 10_000L, null),
                                List.of(new Action.IssueVoucher("FIVE-OFF"),
                                        new Action.SendMessage(MESSAGE_VOUCHER, Channel.EMAIL)), null, null)),
                new Template("double-points-weekend", "Double-points weekend",
                        "Double points on every purchase this coming weekend, at the till and online.",
                        new CampaignSpec("Double-points weekend", CampaignSpec.Family.REWARD, null, null,
                                new Trigger.Earning(200, null, null, null, null, null, null, null), List.of(),
                                null, 0, null, weekendStarts, weekendEnds)),
                new Template("tier-up-welcome", "Tier-up welcome",
                        "A thank-you and a 10% voucher when a member reaches " + topTier + ".",
                        spec("Welcome to " + topTier, CampaignSpec.Family.REWARD,
                                new Trigger.OnEvent(Trigger.MemberEvent.TIER_REACHED, null, topTier),
                                List.of(new Action.IssueVoucher("TEN-PERCENT"),
                                        new Action.SendMessage(MESSAGE_TIER_UP, Channel.EMAIL)), null, null)),
                new Template("birthday-voucher", "Birthday voucher",
                        "A 10% voucher on the member's birthday, at 9:00 in their own time zone, once a year.",
                        spec("Birthday voucher", CampaignSpec.Family.RETAIN,
                                new Trigger.Sweep(Trigger.SweepKind.BIRTHDAY, null, null, null),
                                List.of(new Action.IssueVoucher("TEN-PERCENT"),
                                        new Action.SendMessage(MESSAGE_BIRTHDAY, Channel.EMAIL)), null, null)),
                new Template("win-back", "Win-back after 60 days",
                        "A 5-off voucher for members who have not bought for 60 days, and a note to their store's "
                                + "manager; once per lapse.",
                        spec("Win-back", CampaignSpec.Family.RETAIN,
                                new Trigger.Sweep(Trigger.SweepKind.INACTIVE, 60, null, null),
                                List.of(new Action.IssueVoucher("FIVE-OFF"),
                                        new Action.SendMessage(MESSAGE_WIN_BACK, Channel.EMAIL),
                                        new Action.AlertManager("Has not bought for 60 days: a word at the till helps.")),
                                null, null)),
                new Template("points-expiring", "Points-expiring reminder",
                        "A reminder to members with points expiring in the next 30 days.",
                        spec("Points expiring soon", CampaignSpec.Family.RETAIN,
                                new Trigger.Sweep(Trigger.SweepKind.POINTS_EXPIRING, 30, 1L, null),
                                List.of(new Action.SendMessage(MESSAGE_POINTS_EXPIRING, Channel.EMAIL)), null, null)));
    }

    /** The starter named {@code code}. */
    public static Optional<Template> named(String code, Instant now, ZoneId zone, String topTier) {
        return all(now, zone, topTier).stream().filter(t -> t.code().equals(code)).findFirst();
    }

    private static CampaignSpec spec(String name, CampaignSpec.Family family, Trigger trigger, List<Action> actions,
                                     Instant startsAt, Instant endsAt) {
        return new CampaignSpec(name, family, null, null, trigger, actions, null, null, null, startsAt, endsAt);
    }
}
