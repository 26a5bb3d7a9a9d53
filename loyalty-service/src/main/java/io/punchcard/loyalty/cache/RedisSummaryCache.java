package io.punchcard.loyalty.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.punchcard.api.Json;
import io.punchcard.api.v1.MemberSummary;
import io.punchcard.api.identity.Identifier;
import io.punchcard.loyalty.member.SummaryCache;
import io.punchcard.loyalty.member.Summaries;
import redis.clients.jedis.JedisPooled;

/**
 * Member cards in Redis. A card is one string under {@code pc:card:<member id>}, and under
 * {@code pc:card:<KIND>:<identifier>} for each identifier, so a scan at the till is one GET; the set
 * {@code pc:cardkeys:<member id>} lists those keys so an invalidation finds them all. Each card carries the
 * moment it goes stale by time ({@code staleAfter}) and expires within {@link #TTL} anyway. A generation
 * counter per member, raised by every invalidation, keeps a card computed before a change from being cached
 * after it.
 *
 * <p>Every call goes through a circuit breaker. Once half of the last calls (at least five) failed or were
 * slower than {@link #SLOW_CALL}, calls return "not cached" at once and PostgreSQL answers; after
 * {@link #OPEN_FOR} a few calls try Redis again. Until the breaker opens, a stalled Redis costs each call the
 * client's timeouts ({@code redis.timeout-millis}, 50 ms by default), never more.
 *
 * <p>An invalidation that does not reach Redis (a stall, an open breaker) would leave a card that a stalled,
 * not emptied, Redis still holds when it answers again. So such members are kept here, and until their
 * invalidation is delivered this instance reads no card from Redis (it still computes and caches fresh
 * ones). Past {@link #MAX_UNDELIVERED} members the list is dropped and the cache is not read for {@link #TTL},
 * after which every card cached before has expired. Another instance of the core does not know this one's
 * list: it may serve such a card until this instance delivers its invalidations, at its next cache call
 * after Redis is back.
 */
public final class RedisSummaryCache implements SummaryCache {

    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration OPEN_FOR = Duration.ofSeconds(5);
    /**
     * A Redis that answers, but slower than PostgreSQL reads a card, is no cache: calls slower than this count
     * against it like failures. (The client's own timeouts, {@code redis.timeout-millis}, end calls that never
     * answer.)
     */
    static final Duration SLOW_CALL = Duration.ofMillis(20);
    /** Bounds the memory a long outage under heavy writing can take (a member id is about 100 bytes here). */
    static final int MAX_UNDELIVERED = 100_000;
    /** Members per delivery round trip, so one call never holds Redis long. */
    private static final int DELIVERY_BATCH = 500;
    /** Round trips one read spends delivering; the rest waits for the next reads, which go to PostgreSQL. */
    private static final int DELIVERIES_PER_READ = 4;
    private static final System.Logger LOG = System.getLogger(RedisSummaryCache.class.getName());

    private final JedisPooled redis;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final int maxUndelivered;
    /** Members whose invalidation failed, each with the number of its latest failure. */
    private final Map<UUID, Long> undelivered = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    /** Until when (epoch milliseconds) no card is read, after more undelivered invalidations than are kept. */
    private volatile long unreadableUntilMillis;

    /**
     * @param clock decides when the open breaker lets calls try Redis again (so a test can move it); how long a
     *              call took is measured on the system's own timer
     */
    public RedisSummaryCache(JedisPooled redis, Clock clock) {
        this(redis, clock, MAX_UNDELIVERED);
    }

    /** With another bound on remembered invalidations, for a test to pass it. */
    RedisSummaryCache(JedisPooled redis, Clock clock, int maxUndelivered) {
        this.redis = redis;
        this.clock = clock;
        this.maxUndelivered = maxUndelivered;
        this.breaker = CircuitBreaker.of("redis-summary-cache", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(SLOW_CALL)
                .slowCallRateThreshold(50)
                .waitDurationInOpenState(OPEN_FOR)
                .permittedNumberOfCallsInHalfOpenState(3)
                .clock(clock)
                .build());
        breaker.getEventPublisher().onStateTransition(e ->
                LOG.log(System.Logger.Level.WARNING, "Redis cache " + e.getStateTransition()));
    }

    /** The breaker's state, for health and tests. */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public Optional<MemberSummary> get(UUID memberId, Instant now) {
        return read(idKey(memberId), now);
    }

    @Override
    public Optional<MemberSummary> get(Identifier identifier, Instant now) {
        return read(identifierKey(identifier), now);
    }

    @Override
    public Optional<String> json(Identifier identifier, Instant now) {
        return fresh(identifierKey(identifier), now);
    }

    private Optional<MemberSummary> read(String key, Instant now) {
        return fresh(key, now).flatMap(json -> {
            try {
                return Optional.of(Json.mapper().readValue(json, MemberSummary.class));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The card's JSON under {@code key} if it is still fresh at {@code now}. A card is kept as the epoch
     * millisecond it goes stale, a space, and its JSON, so the till's scan sends it on without parsing it.
     */
    private Optional<String> fresh(String key, Instant now) {
        if (!trusted(now)) {
            return Optional.empty();
        }
        String value = guarded(() -> redis.get(key), null);
        int space = value == null ? -1 : value.indexOf(' ');
        if (space < 1) {
            // Nothing cached, or a card written by another version of the core: recompute it.
            return Optional.empty();
        }
        try {
            long staleAfter = Long.parseLong(value, 0, space, 10);
            return staleAfter > now.toEpochMilli() ? Optional.of(value.substring(space + 1)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Sets the card's keys only if the generation is still the one read before the card was computed; KEYS are
     * the generation key, the index key and the card keys; ARGV the generation, the TTL and the card.
     */
    private static final String PUT_IF_CURRENT = """
            local current = redis.call('GET', KEYS[1]) or ''
            if current ~= ARGV[1] then return 0 end
            for i = 3, #KEYS do
              redis.call('SET', KEYS[i], ARGV[3], 'EX', ARGV[2])
              redis.call('SADD', KEYS[2], KEYS[i])
            end
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            return 1
            """;

    /**
     * For each member (KEYS in threes: generation, card-key index, card by id): the new generation first, so a
     * card being computed now will not be cached; then every cached card of the member goes.
     */
    private static final String INVALIDATE = """
            for i = 1, #KEYS, 3 do
              redis.call('INCR', KEYS[i])
              redis.call('EXPIRE', KEYS[i], ARGV[1])
              local cards = redis.call('SMEMBERS', KEYS[i + 1])
              table.insert(cards, KEYS[i + 1])
              table.insert(cards, KEYS[i + 2])
              redis.call('DEL', unpack(cards))
            end
            return 1
            """;

    /** Never a stored generation: a card computed when the generation could not be read is not cached. */
    private static final String UNKNOWN_GENERATION = "?";

    @Override
    public String generation(UUID memberId) {
        return guarded(() -> Optional.ofNullable(redis.get(generationKey(memberId))).orElse(""), UNKNOWN_GENERATION);
    }

    @Override
    public void put(MemberSummary summary, List<Identifier> identifiers, Instant staleAfter, String generation) {
        String json = staleAfter.toEpochMilli() + " " + Summaries.json(summary);
        List<String> keys = new ArrayList<>();
        keys.add(generationKey(summary.memberId()));
        keys.add(indexKey(summary.memberId()));
        keys.add(idKey(summary.memberId()));
        identifiers.forEach(i -> keys.add(identifierKey(i)));
        guarded(() -> redis.eval(PUT_IF_CURRENT, keys,
                List.of(generation, Long.toString(TTL.toSeconds()), json)), null);
    }

    @Override
    public void invalidate(Collection<UUID> memberIds) {
        if (memberIds.isEmpty()) {
            return;
        }
        // One round trip for every member the transaction changed (a batch of sales changes hundreds).
        if (!deliver(memberIds)) {
            remember(memberIds);
        }
    }

    private boolean deliver(Collection<UUID> memberIds) {
        List<String> keys = new ArrayList<>(memberIds.size() * 3);
        for (UUID member : memberIds) {
            keys.add(generationKey(member));
            keys.add(indexKey(member));
            keys.add(idKey(member));
        }
        return guarded(() -> {
            redis.eval(INVALIDATE, keys, List.of(Long.toString(TTL.toSeconds() * 2)));
            return true;
        }, false);
    }

    private void remember(Collection<UUID> memberIds) {
        memberIds.forEach(member -> undelivered.put(member, failures.incrementAndGet()));
        if (undelivered.size() > maxUndelivered) {
            unreadableUntilMillis = clock.millis() + TTL.toMillis();
            undelivered.clear();
            LOG.log(System.Logger.Level.WARNING, "Over " + maxUndelivered + " card invalidations did not reach "
                    + "Redis; member cards are read from PostgreSQL for the next " + TTL.toMinutes() + " minutes");
        }
    }

    /**
     * Whether cards may be read now: only once every invalidation that failed earlier has been delivered,
     * which this tries first, a few round trips at most.
     */
    private boolean trusted(Instant now) {
        if (now.toEpochMilli() < unreadableUntilMillis) {
            return false;
        }
        for (int round = 0; round < DELIVERIES_PER_READ && !undelivered.isEmpty(); round++) {
            List<Map.Entry<UUID, Long>> batch = new ArrayList<>(DELIVERY_BATCH);
            for (Iterator<Map.Entry<UUID, Long>> it = undelivered.entrySet().iterator();
                 it.hasNext() && batch.size() < DELIVERY_BATCH; ) {
                Map.Entry<UUID, Long> failed = it.next();
                batch.add(Map.entry(failed.getKey(), failed.getValue()));
            }
            if (!deliver(batch.stream().map(Map.Entry::getKey).toList())) {
                return false;
            }
            // Only the failures this delivery covered: one that came in while it ran keeps its member listed.
            batch.forEach(failed -> undelivered.remove(failed.getKey(), failed.getValue()));
        }
        return undelivered.isEmpty();
    }

    private <T> T guarded(Supplier<T> call, T fallback) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            return fallback;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Redis cache call failed: " + e.getMessage());
            return fallback;
        }
    }

    private static String idKey(UUID memberId) {
        return "pc:card:" + memberId;
    }

    private static String generationKey(UUID memberId) {
        return "pc:cardgen:" + memberId;
    }

    private static String indexKey(UUID memberId) {
        return "pc:cardkeys:" + memberId;
    }

    private static String identifierKey(Identifier identifier) {
        return "pc:card:" + identifier.kind() + ":" + identifier.value();
    }
}
