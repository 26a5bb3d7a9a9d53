package io.punchcard.campaign.message;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Sends the stored messages: workers on every instance claim due messages of a channel under a lease, decide
 * them by {@link SendRules} at send time, render them, hand them to the channel's provider and settle them by the
 * provider's answer. Per claimed batch, in this order:
 * <ol>
 *   <li>past its expiry: EXPIRED, never sent late;</li>
 *   <li>the members as the core knows them now, in one call (gone: SUPPRESSED; the core silent: tried again
 *       later);</li>
 *   <li>each template rendered in its member's language (a template that fails: FAILED);</li>
 *   <li>the rules, in one transaction under the locks of the batch's members: consent, frequency cap (a message
 *       decided to go takes its member's place at once), quiet hours (deferred, never dropped);</li>
 *   <li>a group at a time (up to {@link Settings#handOverGroup()} marketing messages, a transactional one alone):
 *       marked SENDING in the commit that settles the group before it, then sent one after the other; the answers
 *       settle them: SENT, REJECTED for good, tried again with back-off after a temporary failure, and UNKNOWN
 *       (marketing) or tried again (transactional) when the outcome cannot be known.</li>
 * </ol>
 * A worker has at most one group in flight: one that dies leaves at most a group's marketing messages per worker
 * whose outcome is unknown (and at most one transactional message to be sent again), and whatever it had decided
 * but not handed over is queued again. A channel whose provider keeps failing (SMTP down) is paused by a circuit
 * breaker, so messages wait in the queue instead of spending their tries; the provider's rate is taken from a
 * {@link RateGate} shared by every instance.
 */
public final class Dispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    /**
     * How a dispatcher runs.
     *
     * @param owner             this instance's name in leases (unique per process)
     * @param workersPerChannel concurrent sends per channel on this instance
     * @param batch             messages a worker claims at once
     * @param handOverGroup     marketing messages a worker marks SENDING in one commit before sending them one after
     *                          the other: the most a crash of the worker can leave UNKNOWN (transactional messages
     *                          go one per commit)
     * @param lease             how long a claimed message is this worker's; longer than a send can take
     * @param idlePoll          how long a worker with nothing due waits before looking again
     * @param retry             back-off of temporary failures
     * @param coreRetry         how long a message waits when the core did not answer for its member
     */
    public record Settings(String owner, int workersPerChannel, int batch, int handOverGroup, Duration lease,
                           Duration idlePoll, RetrySchedule retry, Duration coreRetry) {

        public Settings {
            if (workersPerChannel < 1 || workersPerChannel > 64 || batch < 1 || batch > 1000) {
                throw new IllegalArgumentException("workers-per-channel must be 1-64 and batch 1-1000");
            }
            if (handOverGroup < 1 || handOverGroup > 100) {
                throw new IllegalArgumentException("hand-over-group must be 1-100");
            }
            // A lease shorter than a second expires under a worker's hands; one over an hour leaves a dead
            // instance's messages waiting that long.
            if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0 || lease.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("lease-seconds must be 1-3600");
            }
            if (idlePoll == null || idlePoll.toMillis() < 10 || idlePoll.toMillis() > 10_000) {
                throw new IllegalArgumentException("idle-poll-millis must be 10-10000");
            }
            if (coreRetry == null || coreRetry.toMillis() < 100 || coreRetry.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("core-retry-millis must be 100-3600000");
            }
            if (owner == null || owner.isBlank() || owner.length() > 200) {
                throw new IllegalArgumentException("the owner's name must be 1-200 characters");
            }
        }

        public static Settings defaults(String owner) {
            return new Settings(owner, 4, 100, 10, Duration.ofSeconds(60), Duration.ofMillis(250), RetrySchedule.defaults(),
                    Duration.ofSeconds(30));
        }
    }

    private final Settings settings;
    private final MessageStore store;
    private final MemberDirectory members;
    private final TemplateSource templates;
    private final Map<Channel, MessageSender> senders;
    private final RateGate rate;
    private final Supplier<MessagingSettings> rules;
    private final Supplier<Links> links;
    private final Clock clock;
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final Map<Channel, CircuitBreaker> breakers = new EnumMap<>(Channel.class);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public Dispatcher(Settings settings, MessageStore store, MemberDirectory members, TemplateSource templates,
                      Map<Channel, MessageSender> senders, RateGate rate, Supplier<MessagingSettings> rules,
                      Supplier<Links> links, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.members = members;
        this.templates = templates;
        this.senders = Map.copyOf(senders);
        this.rate = rate;
        this.rules = rules;
        this.links = links;
        this.clock = clock;
        for (Channel channel : senders.keySet()) {
            breakers.put(channel, CircuitBreaker.of("messages-" + channel.name().toLowerCase(Locale.ROOT),
                    CircuitBreakerConfig.custom()
                            .slidingWindowSize(10)
                            .minimumNumberOfCalls(5)
                            .failureRateThreshold(50)
                            .waitDurationInOpenState(Duration.ofSeconds(5))
                            .permittedNumberOfCallsInHalfOpenState(1)
                            // Workers check the state before they claim; the breaker moves to half-open by itself.
                            .automaticTransitionFromOpenToHalfOpenEnabled(true)
                            // A try that never reports back cannot hold the channel half-open for good.
                            .maxWaitDurationInHalfOpenState(Duration.ofSeconds(30))
                            .build()));
        }
    }

    /** Starts the workers of every channel that has a provider, and the lease keeper. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Channel channel : senders.keySet()) {
            for (int i = 0; i < settings.workersPerChannel(); i++) {
                // Each worker leases under a name of its own (the instance's, then the worker's).
                String owner = settings.owner() + "#" + channel + "-" + i;
                threads.add(Thread.ofVirtual().name("messages-" + channel + "-" + i).start(() -> work(channel, owner)));
            }
        }
        threads.add(Thread.ofVirtual().name("messages-leases").start(this::keepLeases));
    }

    private void work(Channel channel, String owner) {
        CircuitBreaker breaker = breakers.get(channel);
        while (running) {
            try {
                if (breaker.getState() == CircuitBreaker.State.OPEN) {
                    // The provider keeps failing: claim nothing until the breaker lets a try through.
                    pause(Duration.ofMillis(200));
                    continue;
                }
                // A provider being tried again after failures gets one message, not a batch to put back.
                int wanted = breaker.getState() == CircuitBreaker.State.HALF_OPEN ? 1 : settings.batch();
                RateGate.Permits permits = rate.take(channel, rules.get().ratePerSecond(channel), wanted,
                        clock.instant());
                if (permits.granted() == 0) {
                    pause(permits.waitForNext());
                    continue;
                }
                List<ClaimedMessage> claimed = store.claim(channel, owner, permits.granted(), clock.instant(),
                        settings.lease());
                if (claimed.isEmpty()) {
                    pause(settings.idlePoll());
                    continue;
                }
                deliver(claimed, breaker, owner, clock.instant().plus(settings.lease()));
            } catch (RuntimeException e) {
                // The scheduler's database or a bug: the claimed messages come back when their leases run out.
                LOG.log(System.Logger.Level.WARNING, "Messages of " + channel + ": " + e.getMessage(), e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * A message ready to be decided and sent: its recipient known, its template rendered.
     *
     * @param unsubscribe the one-click unsubscribe link it carries, or null
     * @param decidable   what the store is given to decide it, with what was rendered
     */
    private record Ready(ClaimedMessage message, Recipient recipient, String address, Rendering.Rendered rendered,
                         URI unsubscribe, MessageStore.Decidable decidable) {

        long id() {
            return message.id();
        }
    }

    /** Left for settling a send's outcome once the provider answered, within the lease of its group. */
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(5);

    /**
     * Delivers a claimed batch: looks its members up in one call to the core, renders each message, decides them all
     * by the rules in one transaction, then hands them to the provider a group at a time: each group marked SENDING
     * in the commit that settles the group before it, its messages then sent one after the other. {@code owner} is
     * the worker's own name in leases: a message a worker lost to its lease and another worker took is never
     * settled by the first one's stale copy, not even on the same instance. Never throws for what a member, a
     * template or a provider did.
     *
     * @param claimedUntil when the claim's lease runs out: a message not handed over by then is given back
     */
    void deliver(List<ClaimedMessage> claimed, CircuitBreaker breaker, String owner, Instant claimedUntil) {
        MessagingSettings current = rules.get();
        List<Ready> ready = prepare(claimed, owner, current);
        if (ready.isEmpty()) {
            return;
        }
        // Read again: asking the core can take seconds, and the rules (quiet hours, expiry) are about the moment of
        // the decision.
        Instant decidedAt = clock.instant();
        Map<Long, Ready> byId = new HashMap<>();
        ready.forEach(r -> byId.put(r.id(), r));
        // The store counts what each member was handed before this batch; the messages this batch sends them count
        // too, as each is decided.
        Map<UUID, Long> sendingInBatch = new HashMap<>();
        Map<Long, SendRules.Decision> decisions = store.decide(ready.stream().map(Ready::decidable).toList(), owner,
                (d, sentBefore, optedOutAt) -> {
                    Ready r = byId.get(d.message().id());
                    ClaimedMessage m = d.message();
                    boolean counted = d.capWindowStart() != null && m.memberId() != null
                            && m.purpose() == Purpose.MARKETING;
                    long sent = sentBefore + (counted ? sendingInBatch.getOrDefault(m.memberId(), 0L) : 0);
                    Recipient.CoreConsent consent = r.recipient().consents().get(m.channel());
                    SendRules.Decision decision = SendRules.decide(new SendRules.Candidate(m.purpose(), m.channel(),
                            r.address() != null && !r.address().isBlank(), new SendRules.ConsentState(consent != null
                            && consent.granted(), consent == null ? null : consent.at(), optedOutAt), m.dueAt(),
                            r.recipient().zone(), sent), current, decidedAt);
                    if (counted && decision instanceof SendRules.Decision.Send) {
                        sendingInBatch.merge(m.memberId(), 1L, Long::sum);
                    }
                    return decision;
                }, decidedAt);
        List<Ready> sends = ready.stream().filter(r -> decisions.get(r.id()) instanceof SendRules.Decision.Send)
                .toList();
        List<MessageStore.Finished> settled = new ArrayList<>();
        int next = 0;
        try {
            while (next < sends.size()) {
                Instant now = clock.instant();
                // Stopping, three quarters of the claim's lease spent (slow sends before), or a provider that keeps
                // failing (its channel paused: the rest waits, spending no try): the rest goes back to the queue.
                if (!running || now.plus(settings.lease().dividedBy(4)).isAfter(claimedUntil)
                        || breaker.getState() == CircuitBreaker.State.OPEN) {
                    break;
                }
                List<Ready> group = group(sends, next);
                Instant leaseUntil = now.plus(sendLease(group.getFirst().message().channel()));
                Set<Long> handed = store.handOver(group.stream().map(Ready::decidable).toList(), settled, owner,
                        leaseUntil, now);
                next += group.size();
                settled = new ArrayList<>();
                sendGroup(group, handed, leaseUntil, owner, breaker, settled);
            }
        } finally {
            // Also after a failure (the database): what can still be written is, the rest is left to the leases.
            settleLast(settled, owner);
            putBackUnsent(sends.subList(Math.min(next, sends.size()), sends.size()), owner);
        }
    }

    /**
     * The next messages to mark SENDING in one commit, from {@code from}: marketing ones up to the group size, a
     * transactional one alone (a crash must not leave more of them to be sent twice).
     */
    private List<Ready> group(List<Ready> sends, int from) {
        Purpose purpose = sends.get(from).message().purpose();
        int size = purpose == Purpose.TRANSACTIONAL ? 1 : settings.handOverGroup();
        List<Ready> group = new ArrayList<>(size);
        for (int i = from; i < sends.size() && group.size() < size && sends.get(i).message().purpose() == purpose; i++) {
            group.add(sends.get(i));
        }
        return group;
    }

    /**
     * Sends a group marked SENDING, one message after the other, each with the breaker's permission, adding each
     * final outcome to {@code settled} for the next commit. Once a send fails for now or its outcome is lost, the
     * breaker refuses, the next send could outlast the group's lease, the scheduler stops, or something throws, the
     * rest of the group goes back to the queue: marked SENDING, but never given to the provider.
     */
    private void sendGroup(List<Ready> group, Set<Long> handed, Instant leaseUntil, String owner,
                           CircuitBreaker breaker, List<MessageStore.Finished> settled) {
        List<Long> unsent = new ArrayList<>();
        boolean stop = false;
        int i = 0;
        try {
            for (; i < group.size(); i++) {
                Ready r = group.get(i);
                if (!handed.contains(r.id())) {
                    // Cancelled by an opt-out since the decision, or its lease ran out.
                    continue;
                }
                Duration longest = senders.get(r.message().channel()).longestSend();
                if (stop || !running || clock.instant().plus(longest).plus(SETTLE_MARGIN).isAfter(leaseUntil)
                        || !breaker.tryAcquirePermission()) {
                    stop = true;
                    unsent.add(r.id());
                    continue;
                }
                MessageStore.Finished finished = send(r, owner, breaker);
                if (finished != null) {
                    settled.add(finished);
                }
                // The provider is in trouble (a try to be repeated, or an answer lost): the rest waits for a later
                // try rather than following this one into the same trouble.
                stop = finished == null || finished.settlement().state() == MessageState.UNKNOWN
                        || finished.settlement().state() == MessageState.FAILED;
            }
        } finally {
            // After a throw, the message that threw is left to its lease (it may have gone); the ones after it did not.
            for (int j = i + 1; j < group.size(); j++) {
                if (handed.contains(group.get(j).id())) {
                    unsent.add(group.get(j).id());
                }
            }
            withdraw(unsent, owner);
        }
    }

    /** Gives back messages marked SENDING that were never given to the provider. */
    private void withdraw(List<Long> unsent, String owner) {
        if (unsent.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try {
            store.withdraw(unsent, owner, now.plusSeconds(1), running ? "not handed over: the provider failed the "
                    + "message before it or is paused, or the send's lease ran short" : "not handed over: the "
                    + "scheduler stopped", now);
        } catch (RuntimeException e) {
            // Left SENDING: their lease settles them as after a crash.
            LOG.log(System.Logger.Level.WARNING, unsent.size() + " message(s) not handed over could not be given "
                    + "back: " + e.getMessage());
        }
    }

    private void settleLast(List<MessageStore.Finished> last, String owner) {
        if (last.isEmpty()) {
            return;
        }
        try {
            store.handOver(List.of(), last, owner, clock.instant(), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, last.size() + " message(s) went, but could not be settled; their "
                    + "lease will: " + e.getMessage());
        }
    }

    private void putBackUnsent(List<Ready> unsent, String owner) {
        if (unsent.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try {
            store.putBack(unsent.stream().map(Ready::id).toList(), owner, now.plusSeconds(1), running
                    ? "not handed over: the provider is paused after failures, or the batch's lease ran short"
                    : "not handed over: the scheduler stopped", now);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, unsent.size() + " message(s) left to their lease: " + e.getMessage());
        }
    }

    /**
     * Settles what cannot go (expired, the member gone, the template broken) and puts back what must wait (the core
     * silent); returns the rest, rendered. A message that throws (a bug, the database failing one statement) is put
     * back with the core's retry delay and the rest of the batch goes on, instead of the whole batch waiting for its
     * lease and the same message being claimed first again.
     */
    private List<Ready> prepare(List<ClaimedMessage> claimed, String owner, MessagingSettings current) {
        Instant now = clock.instant();
        List<ClaimedMessage> live = new ArrayList<>(claimed.size());
        for (ClaimedMessage m : claimed) {
            if (m.expiresAt().isBefore(now)) {
                drop(m, owner, new MessageStore.Settlement(MessageState.EXPIRED, "EXPIRED", "not sent by "
                        + m.expiresAt(), null, true), now);
            } else {
                live.add(m);
            }
        }
        Map<UUID, MemberDirectory.Lookup> lookups;
        try {
            lookups = members.recipients(live.stream().map(ClaimedMessage::memberId).filter(Objects::nonNull)
                    .distinct().toList());
        } catch (RuntimeException e) {
            // An answer the directory could not read: the batch waits as when the core is silent.
            LOG.log(System.Logger.Level.WARNING, "The members of " + live.size() + " message(s) not read: "
                    + e.getMessage(), e);
            lookups = Map.of();
        }
        List<Ready> ready = new ArrayList<>(live.size());
        Map<String, List<Long>> waiting = new LinkedHashMap<>();
        for (ClaimedMessage m : live) {
            try {
                prepare(m, lookups, owner, now, current, waiting).ifPresent(ready::add);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Message " + m.id() + " failed on its way: " + e.getMessage(), e);
                waiting.computeIfAbsent("failed on its way: " + e.getMessage(), k -> new ArrayList<>()).add(m.id());
            }
        }
        waiting.forEach((why, ids) -> {
            try {
                store.putBack(ids, owner, now.plus(settings.coreRetry()), why, now);
            } catch (RuntimeException e) {
                // The database itself is failing: the lease gives the messages back.
                LOG.log(System.Logger.Level.DEBUG, ids.size() + " message(s) left to their lease: " + e.getMessage());
            }
        });
        return ready;
    }

    private Optional<Ready> prepare(ClaimedMessage m, Map<UUID, MemberDirectory.Lookup> lookups, String owner,
                                    Instant now, MessagingSettings current, Map<String, List<Long>> waiting) {
        Recipient recipient;
        if (m.memberId() == null) {
            recipient = stranger(m);
        } else {
            MemberDirectory.Lookup lookup = lookups.getOrDefault(m.memberId(),
                    new MemberDirectory.Unavailable("the core did not answer for the member"));
            switch (lookup) {
                case MemberDirectory.Found found -> recipient = found.recipient();
                case MemberDirectory.Gone gone -> {
                    drop(m, owner, new MessageStore.Settlement(MessageState.SUPPRESSED, "MEMBER_GONE", gone.reason(),
                            null, true), now);
                    return Optional.empty();
                }
                case MemberDirectory.Unavailable unavailable -> {
                    waiting.computeIfAbsent("the core did not answer: " + unavailable.reason(),
                            k -> new ArrayList<>()).add(m.id());
                    return Optional.empty();
                }
            }
        }
        Optional<MessageTemplate> template = templates.template(m.template());
        if (template.isEmpty() || template.get().channel() != m.channel()) {
            drop(m, owner, new MessageStore.Settlement(MessageState.FAILED, template.isEmpty() ? "NO_TEMPLATE"
                    : "TEMPLATE_CHANNEL", template.isEmpty() ? "no template " + m.template()
                    : "template " + m.template() + " is for " + template.get().channel(), null, true), now);
            return Optional.empty();
        }
        String address = m.toAddress() != null ? m.toAddress() : recipient.address(m.channel());
        Links links = this.links.get();
        URI unsubscribe = m.purpose() == Purpose.MARKETING && m.channel() == Channel.EMAIL && m.memberId() != null
                ? links.unsubscribe(m.id(), m.memberId(), m.channel()) : null;
        URI qr = m.facts().voucherCode() == null ? null : links.voucherQr(m.facts().voucherCode());
        switch (renderer.render(template.get(), recipient.facts().with(m.facts(), qr, unsubscribe))) {
            case Rendering.Refused refused -> {
                drop(m, owner, new MessageStore.Settlement(MessageState.FAILED, "TEMPLATE",
                        refused.problems().toString(), null, true), now);
                return Optional.empty();
            }
            case Rendering.Rendered rendered -> {
                Integer segments = m.channel() == Channel.SMS
                        ? SmsSegmentCounter.count(rendered.textBody()).segments() : null;
                // No cap in force: nothing to count, and no place to take.
                Instant capWindowStart = current.frequencyCap().maxMessages() == 0 ? null
                        : current.frequencyCap().windowStart(now, recipient.zone());
                return Optional.of(new Ready(m, recipient, address, rendered, unsubscribe, new MessageStore.Decidable(
                        m, capWindowStart, new MessageStore.Delivery(address, rendered.language(), rendered.subject(),
                        segments))));
            }
        }
    }

    /** Settles a message that was never handed over. */
    private void drop(ClaimedMessage m, String owner, MessageStore.Settlement settlement, Instant now) {
        store.finish(m.id(), owner, MessageState.CLAIMED, settlement, now);
    }

    /**
     * Hands a message marked SENDING to its provider. Returns how it ended when that is final and not yet written
     * (SENT, REJECTED, given up, UNKNOWN), for the next hand-over's commit to write; writes a retry itself.
     */
    private MessageStore.Finished send(Ready r, String owner, CircuitBreaker breaker) {
        ClaimedMessage m = r.message();
        OutgoingMessage message = new OutgoingMessage(m.channel(), r.address(), r.rendered().subject(),
                r.rendered().textBody(), r.rendered().htmlBody(), m.reference(), r.unsubscribe());
        // This hand-over is a try: the store counted it.
        int attempt = m.attempts() + 1;
        // A message that carries a one-time code keeps it only while it may still be sent.
        boolean forget = m.facts().oneTimeCode() != null;
        long start = System.nanoTime();
        SendOutcome outcome = senders.get(m.channel()).send(message);
        long took = System.nanoTime() - start;
        Instant now = clock.instant();
        switch (outcome) {
            case SendOutcome.Accepted accepted -> {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                return new MessageStore.Finished(m.id(), new MessageStore.Settlement(MessageState.SENT, "SENT", null,
                        accepted.providerId(), forget), now);
            }
            case SendOutcome.Rejected rejected -> {
                // The provider works; it refused this message.
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                return new MessageStore.Finished(m.id(), new MessageStore.Settlement(MessageState.REJECTED, "REJECTED",
                        rejected.reason(), null, forget), now);
            }
            case SendOutcome.Temporary temporary -> {
                breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(temporary.reason()));
                if (settings.retry().givesUp(attempt)) {
                    return new MessageStore.Finished(m.id(), new MessageStore.Settlement(MessageState.FAILED,
                            "GAVE_UP", "after " + attempt + " tries: " + temporary.reason(), null, forget), now);
                }
                store.retry(m.id(), owner, MessageState.SENDING, settings.retry().nextAttempt(attempt, now,
                        temporary.retryAfter()), temporary.reason(), now);
                return null;
            }
            case SendOutcome.Unknown unknown -> {
                breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(unknown.reason()));
                if (m.purpose().afterLostSend() == MessageState.QUEUED) {
                    store.retry(m.id(), owner, MessageState.SENDING, settings.retry().nextAttempt(attempt, now, null),
                            unknown.reason(), now);
                    return null;
                }
                return new MessageStore.Finished(m.id(), new MessageStore.Settlement(MessageState.UNKNOWN, "UNKNOWN",
                        unknown.reason(), null, forget), now);
            }
        }
    }

    /**
     * How long a group being handed over stays this worker's: the lease, or the longest one send may take plus twice
     * the margin for settling it, whichever is longer. A send of the group starts only while the longest send and
     * one margin are left, so the sends of a group may take up to a margin before the rest waits for the next try.
     */
    private Duration sendLease(Channel channel) {
        Duration longest = senders.get(channel).longestSend().plus(SETTLE_MARGIN.multipliedBy(2));
        return longest.compareTo(settings.lease()) > 0 ? longest : settings.lease();
    }

    /** Someone who is no member yet (a one-time code to a phone number): no consents, no facts of theirs. */
    private static Recipient stranger(ClaimedMessage m) {
        Locale language = m.facts().language() == null ? Locale.ENGLISH : Locale.forLanguageTag(m.facts().language());
        ZoneId zone = ZoneOffset.UTC;
        return new Recipient(new UUID(0, 0), null, null, Map.of(), zone,
                new TemplateFacts(null, 0, 0, null, null, 0, null, null, 0, null, null, language, zone));
    }

    private void keepLeases() {
        while (running) {
            try {
                int settled = store.recoverLeases(clock.instant(), Purpose::afterLostSend);
                if (settled > 0) {
                    LOG.log(System.Logger.Level.INFO, settled + " message(s) whose worker stopped were settled");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Leases not checked: " + e.getMessage());
            }
            pause(settings.lease().dividedBy(4).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                    : settings.lease().dividedBy(4));
        }
    }

    private void pause(Duration wait) {
        try {
            Thread.sleep(Math.max(1, Math.min(wait.toMillis(), 1000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops claiming, waits for the sends under way (up to the lease), and gives back what was claimed but not sent. */
    @Override
    public synchronized void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(settings.lease().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
        try {
            int released = store.release(settings.owner() + "#");
            if (released > 0) {
                LOG.log(System.Logger.Level.INFO, released + " claimed message(s) given back for other instances");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Claimed messages not given back (their leases will run out): "
                    + e.getMessage());
        }
    }
}
