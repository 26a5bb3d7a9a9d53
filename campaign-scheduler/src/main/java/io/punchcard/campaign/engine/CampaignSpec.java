package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.Problem;
import io.punchcard.campaign.segment.RuleJson;

/**
 * A campaign as a manager writes it: whom (audience), when (trigger), what (actions), how much at most (limits)
 * and how it is measured (holdout, attribution window). Everything about it that can change while it runs; its
 * state lives in {@link Campaign}.
 *
 * @param name            what staff call it
 * @param family          RECRUIT, REWARD or RETAIN
 * @param description     notes for staff
 * @param audience        the members it may act on; null for every active member
 * @param trigger         what makes it act
 * @param actions         what it does, in order (none for an earning trigger)
 * @param limits          budget and per-member limit
 * @param holdoutPercent  the share of the audience held out to measure it (0 to 50, default 10; 0 for earning)
 * @param attributionDays how long after an effect a purchase counts as its result (1 to 90, default 14)
 * @param startsAt        when it starts running once scheduled (null: at once)
 * @param endsAt          when it finishes on its own (null: when staff finish it; required for earning)
 */
public record CampaignSpec(String name, Family family, String description, Audience audience, Trigger trigger,
                           List<Action> actions, Limits limits, Integer holdoutPercent, Integer attributionDays,
                           Instant startsAt, Instant endsAt) {

    public static final int DEFAULT_HOLDOUT_PERCENT = 10;
    public static final int DEFAULT_ATTRIBUTION_DAYS = 14;
    public static final int MAX_ACTIONS = 5;

    /** The 3R families. */
    public enum Family {
        RECRUIT,
        REWARD,
        RETAIN
    }

    /**
     * A saved segment or a rule tree written in place (docs/segments.md); neither for every active member.
     *
     * @param segment a saved segment's id
     * @param rule    a rule tree
     */
    public record Audience(Long segment, JsonNode rule) {
    }

    public CampaignSpec {
        actions = actions == null ? List.of() : List.copyOf(actions);
        limits = limits == null ? Limits.NONE : limits;
        if (holdoutPercent == null) {
            holdoutPercent = trigger instanceof Trigger.Earning ? 0 : DEFAULT_HOLDOUT_PERCENT;
        }
        attributionDays = attributionDays == null ? DEFAULT_ATTRIBUTION_DAYS : attributionDays;
    }

    /** The per-member limit in force: the one given, else the trigger's natural one. */
    public Limits.PerMember perMember() {
        if (limits.perMember() != null) {
            return limits.perMember();
        }
        return switch (trigger) {
            case Trigger.Sweep sweep when sweep.sweep() == Trigger.SweepKind.BIRTHDAY -> Limits.PerMember.ONCE_PER_YEAR;
            case Trigger.Sweep ignored -> Limits.PerMember.EVERY_OCCURRENCE;
            case Trigger.OnSchedule schedule when schedule.repeat() != Trigger.Repeat.NONE ->
                    Limits.PerMember.EVERY_OCCURRENCE;
            case Trigger.OnEvent event when event.event() == Trigger.MemberEvent.PURCHASE ->
                    Limits.PerMember.EVERY_OCCURRENCE;
            case null, default -> Limits.PerMember.ONCE;
        };
    }

    /** Every problem with this campaign, each with the path of its field; empty when it may be saved. */
    public List<Problem.FieldError> problems() {
        List<Problem.FieldError> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 120) {
            problems.add(new Problem.FieldError("name", "must be 1 to 120 characters"));
        }
        if (family == null) {
            problems.add(new Problem.FieldError("family", "must be RECRUIT, REWARD or RETAIN"));
        }
        if (description != null && description.length() > 2000) {
            problems.add(new Problem.FieldError("description", "must be at most 2000 characters"));
        }
        if (audience != null) {
            if (audience.segment() != null && audience.rule() != null) {
                problems.add(new Problem.FieldError("audience", "give a segment or a rule, not both"));
            }
            if (audience.segment() != null && audience.segment() < 1) {
                problems.add(new Problem.FieldError("audience.segment", "must be a saved segment's id"));
            }
            if (audience.rule() != null
                    && RuleJson.read(audience.rule(), "audience.rule") instanceof RuleJson.Refused refused) {
                refused.problems().forEach(p -> problems.add(new Problem.FieldError(p.path(), p.message())));
            }
        }
        if (trigger == null) {
            problems.add(new Problem.FieldError("trigger", "is required: an event, a schedule, a sweep or earning"));
        } else {
            trigger.validate("trigger", problems);
        }
        if (trigger instanceof Trigger.Earning) {
            if (!actions.isEmpty()) {
                problems.add(new Problem.FieldError("actions", "an earning campaign changes earning and has no actions"));
            }
            if (holdoutPercent != 0) {
                problems.add(new Problem.FieldError("holdoutPercent",
                        "must be 0 for an earning campaign: the rule applies at the till to every member"));
            }
            if (audience != null) {
                problems.add(new Problem.FieldError("audience",
                        "an earning campaign applies to every purchase its rule matches; narrow it in trigger"));
            }
            if (startsAt == null) {
                problems.add(new Problem.FieldError("startsAt", "is required for an earning campaign"));
            }
            if (endsAt == null) {
                problems.add(new Problem.FieldError("endsAt", "is required for an earning campaign"));
            }
        } else if (trigger != null) {
            if (actions.isEmpty() || actions.size() > MAX_ACTIONS) {
                problems.add(new Problem.FieldError("actions", "must hold 1 to " + MAX_ACTIONS + " actions"));
            }
            if (holdoutPercent < 0 || holdoutPercent > 50) {
                problems.add(new Problem.FieldError("holdoutPercent", "must be between 0 and 50"));
            }
        }
        for (int i = 0; i < actions.size(); i++) {
            actions.get(i).validate("actions[" + i + "]", problems);
        }
        limits.validate("limits", problems);
        if (attributionDays < 1 || attributionDays > 90) {
            problems.add(new Problem.FieldError("attributionDays", "must be between 1 and 90"));
        }
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            problems.add(new Problem.FieldError("endsAt", "must be after startsAt"));
        }
        return problems;
    }
}
