package io.punchcard.campaign.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.campaign.message.Channel;

class CampaignSpecTest {

    private static List<String> fields(CampaignSpec spec) {
        return spec.problems().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void everyStarterIsAValidCampaignAndReadsBackFromJsonAsItself() {
        for (CampaignTemplates.Template template : CampaignTemplates.all(Instant.parse("2027-05-05T10:00:00Z"),
                ZoneId.of("Europe/Berlin"), "GOLD")) {
            assertEquals(List.of(), template.spec().problems(), template.code());
            assertEquals(template.spec(), Json.read(Json.write(template.spec()), CampaignSpec.class), template.code());
        }
    }

    @Test
    void theDoublePointsWeekendIsTheComingSaturdayAndSundayInTheProgramsZone() {
        CampaignSpec weekend = CampaignTemplates.named("double-points-weekend", Instant.parse("2027-05-05T10:00:00Z"),
                ZoneId.of("Europe/Berlin"), "GOLD").orElseThrow().spec();
        assertEquals(Instant.parse("2027-05-07T22:00:00Z"), weekend.startsAt());
        assertEquals(Instant.parse("2027-05-09T22:00:00Z"), weekend.endsAt());
    }

    @Test
    void problemsNameTheFieldsPath() {
        CampaignSpec spec = new CampaignSpec("", null, null, null,
                new Trigger.Sweep(Trigger.SweepKind.INACTIVE, 0, 5L, null),
                List.of(new Action.GrantPoints(0L, null), new Action.SendMessage("bad code!", null)),
                new Limits(new Limits.Budget(-1L, null, null), null), 70, 0, null, null);
        assertEquals(List.of("name", "family", "trigger.days", "trigger.minPoints", "holdoutPercent",
                "actions[0].points", "actions[1].template", "actions[1].channel", "limits.budget.points",
                "attributionDays"), fields(spec));
    }

    @Test
    void anEarningCampaignHasDatesNoActionsNoHoldoutAndOneKindOfBonus() {
        CampaignSpec spec = new CampaignSpec("Double", CampaignSpec.Family.REWARD, null, null,
                new Trigger.Earning(200, 5L, List.of("shirts", "bad code"), null, null, null, null, null),
                List.of(new Action.AddTag("x")), null, 10, null, null, null);
        assertEquals(List.of("trigger.multiplierPercent", "trigger.categories[1]", "actions", "holdoutPercent",
                "startsAt", "endsAt"), fields(spec));
    }

    @Test
    void eventTriggersAskForWhatTheirEventNeeds() {
        assertTrue(fields(spec(new Trigger.OnEvent(Trigger.MemberEvent.PURCHASE, null, null)))
                .contains("trigger.minSpendMinor"));
        assertTrue(fields(spec(new Trigger.OnEvent(Trigger.MemberEvent.TIER_REACHED, null, null)))
                .contains("trigger.tier"));
        assertTrue(fields(spec(new Trigger.OnEvent(Trigger.MemberEvent.JOINED, 100L, "GOLD")))
                .containsAll(List.of("trigger.minSpendMinor", "trigger.tier")));
        assertEquals(List.of(), fields(spec(new Trigger.OnEvent(Trigger.MemberEvent.JOINED, null, null))));
    }

    @Test
    void theNaturalPerMemberLimitFollowsTheTrigger() {
        assertEquals(Limits.PerMember.ONCE_PER_YEAR,
                spec(new Trigger.Sweep(Trigger.SweepKind.BIRTHDAY, null, null, null)).perMember());
        assertEquals(Limits.PerMember.ONCE, spec(new Trigger.OnEvent(Trigger.MemberEvent.JOINED, null, null)).perMember());
        assertEquals(Limits.PerMember.EVERY_OCCURRENCE,
                spec(new Trigger.OnEvent(Trigger.MemberEvent.PURCHASE, 100L, null)).perMember());
        assertEquals(Limits.PerMember.EVERY_OCCURRENCE,
                spec(new Trigger.Sweep(Trigger.SweepKind.INACTIVE, 60, null, null)).perMember());
    }

    private static CampaignSpec spec(Trigger trigger) {
        return new CampaignSpec("x", CampaignSpec.Family.RETAIN, null, null, trigger,
                List.of(new Action.SendMessage("campaign-birthday", Channel.EMAIL)), null, null, null, null, null);
    }
}
