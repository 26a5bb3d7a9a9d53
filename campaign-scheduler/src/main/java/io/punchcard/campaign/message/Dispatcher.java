package io.punchcard.campaign.message;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Sends the stored messages: workers on every instance claim due messages of a channel under a lease, decide
 * each by {@link SendRules} at send time, render it, hand it to the channel's provider and settle it by the
 * provider's answer. Per message, in this order:
 * <ol>
 *   <li>past its expiry: EXPIRED, never sent late;</li>
 *   <li>the member as the core knows them now (gone: SUPPRESSED; the core silent: tried again later);</li>
 *   <li>the template rendered in their language (a template that fails: FAILED);</li>
 *   <li>the rules, under the member's lock: consent, frequency cap, quiet hours (deferred, never dropped);</li>
 *   <li>marked SENDING, then handed over; the answer settles it: SENT, REJECTED for good, tried again with
 *       back-off after a temporary failure, and UNKNOWN (marketing) or tried again (transactional) when the
 *       outcome cannot be known.</li>
 * </ol>
 * A channel whose provider keeps failing (SMTP down) is paused by a circuit breaker, so messages wait in the queue
 * instead of spending their tries; the provider's rate is taken from a {@link RateGate} shared by every instance.
 */
public final class Dispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    /**
     * How a dispatcher runs.
     *
     * @param owner             this instance's name in leases (unique per process)
     * @param workersPerChannel concurrent sends per channel on this instance
     * @param batch             messages a worker claims at once
     * @param lease             how long a claimed message is this worker's; longer than a send can take
     * @param idlePoll          how long a worker with nothing due waits before looking again
     * @param retry             back-off of temporary failures
     * @param coreRetry         how long a message waits when the core did not answer for its member
     */
    public record Settings(String owner, int workersPerChannel, int batch, Duration lease, Duration idlePoll,
                           RetrySchedule retry, Duration coreRetry) {

        public Settings {
            if (workersPerChannel < 1 || workersPerChannel > 64 || batch < 1 || batch > 1000) {
                throw new IllegalArgumentException("workers-per-channel must be 1-64 and batch 1-1000");
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
            return new Settings(owner, 4, 20, Duration.ofSeconds(60), Duration.ofMillis(250), RetrySchedule.defaults(),
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
                RateGate.Permits permits = rate.take(channel, rules.get().ratePerSecond(channel), settings.batch(),
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
                for (ClaimedMessage message : claimed) {
                    if (!running) {
                        // Given back on close (or by the lease): nothing was handed over.
                        break;
                    }
                    processContained(message, breaker, owner);
                }
            } catch (RuntimeException e) {
                // The scheduler's database or a bug: the claimed messages come back when their leases run out.
                LOG.log(System.Logger.Level.WARNING, "Messages of " + channel + ": " + e.getMessage(), e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Processes one message so that its failure stays its own: a message that throws (a bug, the database failing
     * one statement) before it was handed over is put back with the core's retry delay, and the rest of the batch
     * goes on, instead of the whole batch waiting for its lease and the same message being claimed first again.
     * One that throws after it was handed over is left to its lease, as after a crash.
     */
    private void processContained(ClaimedMessage message, CircuitBreaker breaker, String owner) {
        try {
            process(message, breaker, owner);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Message " + message.id() + " failed on its way: " + e.getMessage(), e);
            try {
                Instant now = clock.instant();
                store.putBack(message.id(), owner, now.plus(settings.coreRetry()), "failed on its way: "
                        + e.getMessage(), now);
            } catch (RuntimeException again) {
                // The database itself is failing: the lease gives the message back.
                LOG.log(System.Logger.Level.DEBUG, "Message " + message.id() + " left to its lease: " + again.getMessage());
            }
        }
    }

    /**
     * Settles one claimed message; never throws for what a member, a template or a provider did. {@code owner} is
     * the worker's own name in leases: a message a worker lost to its lease and another worker took is never
     * settled by the first one's stale copy, not even on the same instance.
     */
    void process(ClaimedMessage m, CircuitBreaker breaker, String owner) {
        Instant now = clock.instant();
        if (m.expiresAt().isBefore(now)) {
            drop(m, owner, new MessageStore.Settlement(MessageState.EXPIRED, "EXPIRED", "not sent by " + m.expiresAt(),
                    null, true), now);
            return;
        }
        Recipient recipient;
        if (m.memberId() == null) {
            recipient = stranger(m);
        } else {
            switch (members.recipient(m.memberId())) {
                case MemberDirectory.Found found -> recipient = found.recipient();
                case MemberDirectory.Gone gone -> {
                    drop(m, owner, new MessageStore.Settlement(MessageState.SUPPRESSED, "MEMBER_GONE", gone.reason(),
                            null, true), now);
                    return;
                }
                case MemberDirectory.Unavailable unavailable -> {
                    store.putBack(m.id(), owner, now.plus(settings.coreRetry()),
                            "the core did not answer: " + unavailable.reason(), now);
                    return;
                }
            }
        }
        Optional<MessageTemplate> template = templates.template(m.template());
        if (template.isEmpty() || template.get().channel() != m.channel()) {
            drop(m, owner, new MessageStore.Settlement(MessageState.FAILED, template.isEmpty() ? "NO_TEMPLATE"
                    : "TEMPLATE_CHANNEL", template.isEmpty() ? "no template " + m.template()
                    : "template " + m.template() + " is for " + template.get().channel(), null, true), now);
            return;
        }
        String address = m.toAddress() != null ? m.toAddress() : recipient.address(m.channel());
        Links links = this.links.get();
        URI unsubscribe = m.purpose() == Purpose.MARKETING && m.channel() == Channel.EMAIL && m.memberId() != null
                ? links.unsubscribe(m.id(), m.memberId(), m.channel()) : null;
        URI qr = m.facts().voucherCode() == null ? null : links.voucherQr(m.facts().voucherCode());
        Rendering rendering = renderer.render(template.get(), recipient.facts().with(m.facts(), qr, unsubscribe));
        Rendering.Rendered rendered;
        switch (rendering) {
            case Rendering.Refused refused -> {
                drop(m, owner, new MessageStore.Settlement(MessageState.FAILED, "TEMPLATE",
                        refused.problems().toString(), null, true), now);
                return;
            }
            case Rendering.Rendered r -> rendered = r;
        }
        // A provider that keeps failing pauses its channel: the message waits, spending no try, rather than being
        // handed to a provider that is down.
        if (!breaker.tryAcquirePermission()) {
            store.putBack(m.id(), owner, clock.instant().plusSeconds(1), "the provider is paused after failures",
                    clock.instant());
            return;
        }
        Integer segments = m.channel() == Channel.SMS ? SmsSegmentCounter.count(rendered.textBody()).segments() : null;
        MessagingSettings current = rules.get();
        Recipient.CoreConsent consent = recipient.consents().get(m.channel());
        // Read again: asking the core can take seconds, and the rules (quiet hours, the cap's window, expiry) and
        // the send's lease are about the moment of the hand-over.
        Instant decidedAt = clock.instant();
        Optional<SendRules.Decision> decision = store.handOver(m, owner,
                current.frequencyCap().windowStart(decidedAt, recipient.zone()),
                (sentInWindow, optedOutAt) -> SendRules.decide(new SendRules.Candidate(m.purpose(), m.channel(),
                        address != null && !address.isBlank(), new SendRules.ConsentState(consent != null
                        && consent.granted(), consent == null ? null : consent.at(), optedOutAt), m.dueAt(),
                        recipient.zone(), sentInWindow), current, decidedAt),
                new MessageStore.Delivery(address, rendered.language(), rendered.subject(), segments),
                decidedAt.plus(sendLease(m.channel())), decidedAt);
        if (decision.isEmpty() || !(decision.get() instanceof SendRules.Decision.Send)) {
            breaker.releasePermission();
            return;
        }
        send(m, owner, new OutgoingMessage(m.channel(), address, rendered.subject(), rendered.textBody(),
                rendered.htmlBody(), m.reference(), unsubscribe), breaker);
    }

    /** Settles a message that was never handed over. */
    private void drop(ClaimedMessage m, String owner, MessageStore.Settlement settlement, Instant now) {
        store.finish(m.id(), owner, MessageState.CLAIMED, settlement, now);
    }

    private void send(ClaimedMessage m, String owner, OutgoingMessage message, CircuitBreaker breaker) {
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
                settle(m, owner, new MessageStore.Settlement(MessageState.SENT, "SENT", null, accepted.providerId(),
                        forget), now);
            }
            case SendOutcome.Rejected rejected -> {
                // The provider works; it refused this message.
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                settle(m, owner, new MessageStore.Settlement(MessageState.REJECTED, "REJECTED", rejected.reason(), null,
                        forget), now);
            }
            case SendOutcome.Temporary temporary -> {
                breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(temporary.reason()));
                if (settings.retry().givesUp(attempt)) {
                    settle(m, owner, new MessageStore.Settlement(MessageState.FAILED, "GAVE_UP", "after " + attempt
                            + " tries: " + temporary.reason(), null, forget), now);
                } else {
                    store.retry(m.id(), owner, MessageState.SENDING, settings.retry().nextAttempt(attempt, now,
                            temporary.retryAfter()), temporary.reason(), now);
                }
            }
            case SendOutcome.Unknown unknown -> {
                breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(unknown.reason()));
                switch (m.purpose().afterLostSend()) {
                    case QUEUED -> store.retry(m.id(), owner, MessageState.SENDING,
                            settings.retry().nextAttempt(attempt, now, null), unknown.reason(), now);
                    default -> settle(m, owner, new MessageStore.Settlement(MessageState.UNKNOWN, "UNKNOWN",
                            unknown.reason(), null, forget), now);
                }
            }
        }
    }

    /** Settles a message that was handed over. */
    private void settle(ClaimedMessage m, String owner, MessageStore.Settlement settlement, Instant now) {
        store.finish(m.id(), owner, MessageState.SENDING, settlement, now);
    }

    /**
     * How long a message being handed over stays this worker's: the lease, or the longest the provider may take
     * plus a margin for settling it, whichever is longer.
     */
    private Duration sendLease(Channel channel) {
        Duration longest = senders.get(channel).longestSend().plusSeconds(5);
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
