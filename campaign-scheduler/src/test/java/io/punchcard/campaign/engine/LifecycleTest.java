package io.punchcard.campaign.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.punchcard.campaign.engine.Campaign.Status;
import io.punchcard.campaign.engine.Lifecycle.Move;

class LifecycleTest {

    private static final Instant NOW = Instant.parse("2027-05-01T10:00:00Z");

    private static CampaignSpec spec(Instant startsAt, Instant endsAt) {
        return new CampaignSpec("x", CampaignSpec.Family.RETAIN, null, null,
                new Trigger.Sweep(Trigger.SweepKind.BIRTHDAY, null, null, null),
                List.of(new Action.AddTag("bday")), null, null, null, startsAt, endsAt);
    }

    @Test
    void aScheduledCampaignWaitsForItsStartAndRunsAtOnceWithoutOne() {
        assertEquals(new Lifecycle.Moved(Status.SCHEDULED, false),
                Lifecycle.move(Status.DRAFT, Move.SCHEDULE, spec(NOW.plusSeconds(60), null), NOW));
        assertEquals(new Lifecycle.Moved(Status.RUNNING, true), Lifecycle.move(Status.DRAFT, Move.SCHEDULE, spec(null, null), NOW));
        assertEquals(Status.RUNNING, Lifecycle.tick(Status.SCHEDULED, spec(NOW, null), NOW));
    }

    @Test
    void pauseAndResumeGoBetweenRunningAndPausedOnly() {
        assertEquals(Status.PAUSED, Lifecycle.move(Status.RUNNING, Move.PAUSE, spec(null, null), NOW).status());
        Lifecycle.Moved resumed = Lifecycle.move(Status.PAUSED, Move.RESUME, spec(null, null), NOW);
        assertEquals(Status.RUNNING, resumed.status());
        assertTrue(resumed.startsNow(), "a resumed campaign acts on what happens from now on");
        assertThrows(Lifecycle.Refused.class, () -> Lifecycle.move(Status.DRAFT, Move.PAUSE, spec(null, null), NOW));
        assertThrows(Lifecycle.Refused.class, () -> Lifecycle.move(Status.RUNNING, Move.RESUME, spec(null, null), NOW));
    }

    @Test
    void theClockFinishesWhatIsPastItsEndWhateverItsStatus() {
        CampaignSpec ended = spec(null, NOW);
        assertEquals(Status.FINISHED, Lifecycle.tick(Status.RUNNING, ended, NOW));
        assertEquals(Status.FINISHED, Lifecycle.tick(Status.PAUSED, ended, NOW));
        assertEquals(Status.FINISHED, Lifecycle.tick(Status.SCHEDULED, ended, NOW));
        assertEquals(Status.DRAFT, Lifecycle.tick(Status.DRAFT, ended, NOW), "a draft is nobody's to finish");
        assertEquals(Status.RUNNING, Lifecycle.tick(Status.RUNNING, spec(null, NOW.plusSeconds(1)), NOW));
    }

    @Test
    void aFinishedCampaignStaysFinishedAndCannotBeEdited() {
        for (Move move : Move.values()) {
            assertThrows(Lifecycle.Refused.class, () -> Lifecycle.move(Status.FINISHED, move, spec(null, null), NOW),
                    move.name());
        }
        assertThrows(Lifecycle.Refused.class, () -> Lifecycle.requireEditable(Status.FINISHED));
        Lifecycle.requireEditable(Status.RUNNING);
    }

    @Test
    void aCampaignWhoseEndIsPastCannotBeScheduled() {
        Lifecycle.Refused refused = assertThrows(Lifecycle.Refused.class,
                () -> Lifecycle.move(Status.DRAFT, Move.SCHEDULE, spec(null, NOW.minusSeconds(1)), NOW));
        assertFalse(refused.getMessage().isBlank());
    }
}
