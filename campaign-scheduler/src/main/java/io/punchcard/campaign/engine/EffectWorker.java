package io.punchcard.campaign.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;

/**
 * Carries out campaign effects: takes a batch under a lease, counts it against its campaign's budget, and does
 * each action for the whole batch at once — one core call for the points, one for the vouchers, one insert of
 * the messages. Everything it asks is keyed by the effect, so a batch done twice (a worker killed after the
 * core answered, before the effects were marked done) is done once: the core answers the replay, the message's
 * cause and the tag's row exist.
 */
public final class EffectWorker implements AutoCloseable {

    /**
     * @param owner     this worker's name in leases
     * @param batch     effects taken at once (a core batch holds at most 1000)
     * @param loops     batches carried out at once, each by its own loop: while one waits for the core, another
     *                  writes its effects
     * @param lease     how long a batch is this worker's
     * @param idle      how long to wait when there is nothing to do
     */
    public record Settings(String owner, int batch, int loops, Duration lease, Duration idle) {
        public Settings {
            if (loops < 1) {
                throw new IllegalArgumentException("an effect worker needs at least one loop");
            }
        }
    }

    private static final System.Logger LOG = System.getLogger(EffectWorker.class.getName());

    private final Settings settings;
    private final EffectStore effects;
    private final Function<String, Optional<Campaign>> campaigns;
    private final CoreGrants core;
    private final MessagePlanner messages;
    private final CampaignActions actions;
    private final Clock clock;
    private final List<Thread> threads;
    private volatile boolean running = true;

    public EffectWorker(Settings settings, EffectStore effects, Function<String, Optional<Campaign>> campaigns,
                        CoreGrants core, MessagePlanner messages, CampaignActions actions, Clock clock) {
        this.settings = settings;
        this.effects = effects;
        this.campaigns = campaigns;
        this.core = core;
        this.messages = messages;
        this.actions = actions;
        this.clock = clock;
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < settings.loops(); i++) {
            // Each loop leases under a name of its own, so a loop whose lease ran out and was taken over cannot
            // settle what another loop of this instance now holds.
            String owner = settings.loops() == 1 ? settings.owner() : settings.owner() + "#" + i;
            loops.add(Thread.ofVirtual().name("campaign-effects-" + i).unstarted(() -> loop(owner)));
        }
        this.threads = List.copyOf(loops);
    }

    public EffectWorker start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void loop(String owner) {
        Instant lastRecovery = Instant.EPOCH;
        while (running) {
            int done = 0;
            try {
                Instant now = clock.instant();
                if (Duration.between(lastRecovery, now).compareTo(settings.lease()) > 0) {
                    effects.recoverLeases(now);
                    lastRecovery = now;
                }
                done = runOnce(owner);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Campaign effects not carried out this time: " + e.getMessage());
            }
            if (done == 0) {
                try {
                    Thread.sleep(settings.idle().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Takes and carries out one batch; how many effects it took. */
    public int runOnce() {
        return runOnce(settings.owner());
    }

    private int runOnce(String owner) {
        Instant now = clock.instant();
        List<Effect> claimed = effects.claim(owner, settings.batch(), now.plus(settings.lease()), now);
        Map<String, List<Effect>> byCampaign = claimed.stream()
                .collect(Collectors.groupingBy(Effect::campaign, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Effect>> entry : byCampaign.entrySet()) {
            carryOut(owner, entry.getKey(), entry.getValue());
        }
        return claimed.size();
    }

    private void carryOut(String owner, String id, List<Effect> batch) {
        Instant now = clock.instant();
        Optional<Campaign> found = campaigns.apply(id);
        List<Long> ids = batch.stream().map(Effect::id).toList();
        if (found.isEmpty() || found.get().status() == Campaign.Status.FINISHED) {
            effects.skip(owner, ids, "the campaign finished before this was done",
                    cost(found.map(Campaign::spec).orElse(null)), now);
            return;
        }
        Campaign campaign = found.get();
        if (campaign.status() != Campaign.Status.RUNNING) {
            // Paused: kept, not done, and looked at again in a while.
            effects.release(owner, ids, now.plus(settings.idle().multipliedBy(10)),
                    "waiting: the campaign is " + campaign.status(), now);
            return;
        }
        EffectStore.Cost each = cost(campaign.spec());
        List<Effect> going = effects.reserve(id, batch, each, campaign.spec().limits().budget(), owner, now);
        Map<Long, Outcome> outcomes = new LinkedHashMap<>();
        going.forEach(e -> outcomes.put(e.id(), new Outcome()));
        try {
            List<Action> steps = campaign.spec().actions();
            for (int i = 0; i < steps.size(); i++) {
                List<Effect> live = going.stream().filter(e -> outcomes.get(e.id()).refused == null).toList();
                if (live.isEmpty()) {
                    break;
                }
                act(campaign, steps.get(i), i, live, outcomes, now);
            }
        } catch (CoreGrants.Unavailable e) {
            // Nothing is lost: what the core did it will answer again under the same keys.
            List<Long> waiting = going.stream().map(Effect::id).toList();
            Duration backoff = backoff(going.stream().mapToInt(Effect::attempts).max().orElse(1));
            effects.release(owner, waiting, now.plus(backoff), "the core is unavailable: " + e.getMessage(),
                    now);
            return;
        }
        List<EffectStore.Done> done = new ArrayList<>();
        for (Effect effect : going) {
            Outcome outcome = outcomes.get(effect.id());
            if (outcome.refused == null) {
                done.add(new EffectStore.Done(effect.id(), outcome.points, outcome.voucherId, outcome.voucherCode,
                        outcome.messages));
            }
        }
        effects.complete(owner, done, now);
        // Refused before anything was done: its budget goes back. Refused after an earlier action had an effect: what
        // was given stays counted. Refusals are rare (an erased member), so one by one.
        for (Effect effect : going) {
            Outcome outcome = outcomes.get(effect.id());
            if (outcome.refused != null) {
                effects.fail(owner, List.of(effect.id()), outcome.refused,
                        outcome.touched ? new EffectStore.Cost(0, 0, 0) : each, now);
            }
        }
    }

    private void act(Campaign campaign, Action action, int index, List<Effect> live, Map<Long, Outcome> outcomes,
                     Instant now) {
        // The ledger's reason is at most 128 characters: the campaign's id says which; its name is for people.
        String named = "campaign " + campaign.id() + ": " + campaign.spec().name();
        String reasonDefault = named.length() > 128 ? named.substring(0, 128) : named;
        switch (action) {
            case Action.GrantPoints grant -> {
                List<CoreGrants.PointsGrant> grants = live.stream().map(e -> new CoreGrants.PointsGrant(
                        e.actionKey(index), e.member(), grant.points(),
                        grant.reason() == null ? reasonDefault : grant.reason(), campaign.id())).toList();
                List<CoreGrants.Outcome> answers = core.grantPoints(grants);
                for (int i = 0; i < live.size(); i++) {
                    Outcome outcome = outcomes.get(live.get(i).id());
                    switch (answers.get(i)) {
                        case CoreGrants.Granted ignored -> {
                            outcome.points += grant.points();
                            outcome.touched = true;
                        }
                        case CoreGrants.Refused refused -> outcome.refused = "points refused: " + refused.detail();
                    }
                }
            }
            case Action.IssueVoucher voucher -> {
                List<CoreGrants.VoucherGrant> grants = live.stream().map(e -> new CoreGrants.VoucherGrant(
                        e.actionKey(index), e.member(), voucher.template(), reasonDefault, campaign.id())).toList();
                List<CoreGrants.Outcome> answers = core.issueVouchers(grants);
                for (int i = 0; i < live.size(); i++) {
                    Outcome outcome = outcomes.get(live.get(i).id());
                    switch (answers.get(i)) {
                        case CoreGrants.Granted granted -> {
                            outcome.voucherId = granted.voucherId();
                            outcome.voucherCode = granted.voucherCode();
                            outcome.touched = true;
                        }
                        case CoreGrants.Refused refused -> outcome.refused = "voucher refused: " + refused.detail();
                    }
                }
            }
            case Action.SendMessage send -> {
                List<PlannedMessage> planned = live.stream().map(e -> new PlannedMessage(
                        "campaign:" + campaign.id() + ":" + e.key() + ":" + index, Purpose.MARKETING, send.channel(),
                        e.member(), null, send.template(),
                        new CauseFacts(null, outcomes.get(e.id()).voucherCode, null, null, null), campaign.id(),
                        "campaign " + campaign.id(), now)).toList();
                messages.planAll(planned);
                live.forEach(e -> {
                    Outcome outcome = outcomes.get(e.id());
                    outcome.messages++;
                    outcome.touched = true;
                });
            }
            case Action.AddTag tag -> {
                actions.tag(campaign.id(), live, tag.tag(), now);
                live.forEach(e -> outcomes.get(e.id()).touched = true);
            }
            case Action.AlertManager alert -> {
                actions.alert(campaign.id(), live, alert.note(), now);
                live.forEach(e -> outcomes.get(e.id()).touched = true);
            }
        }
    }

    /** What one effect of {@code spec} costs its budget; nothing for a campaign no longer known. */
    static EffectStore.Cost cost(CampaignSpec spec) {
        if (spec == null) {
            return new EffectStore.Cost(0, 0, 0);
        }
        long points = 0;
        long vouchers = 0;
        long messages = 0;
        for (Action action : spec.actions()) {
            switch (action) {
                case Action.GrantPoints grant -> points += grant.points();
                case Action.IssueVoucher ignored -> vouchers++;
                case Action.SendMessage ignored -> messages++;
                case Action.AddTag ignored -> {
                }
                case Action.AlertManager ignored -> {
                }
            }
        }
        return new EffectStore.Cost(points, vouchers, messages);
    }

    /** 10 s, doubling each try, at most 10 minutes: a core that is down for a while is asked again soon after. */
    static Duration backoff(int attempts) {
        long seconds = 10L << Math.min(Math.max(attempts - 1, 0), 6);
        return Duration.ofSeconds(Math.min(seconds, 600));
    }

    /** What was done for one effect so far. */
    private static final class Outcome {
        long points;
        java.util.UUID voucherId;
        String voucherCode;
        int messages;
        boolean touched;
        String refused;
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
