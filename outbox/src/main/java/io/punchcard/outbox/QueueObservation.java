package io.punchcard.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * A connector's queue as operators see it: a health check and four meters, the same for every connector. Health is
 * UP with the queue's length and the age of its head, and says {@code degraded} once the head is older than a
 * threshold — never DOWN for that: a connector with a long queue is still where its senders must send, and a load
 * balancer takes a DOWN one out of rotation.
 */
public final class QueueObservation implements AutoCloseable {

    private final String name;
    private final Outbox outbox;
    private final Forwarder forwarder;
    private final Clock clock;
    private final Duration degradedAfter;
    private final Supplier<Map<String, Object>> details;
    private final List<Gauge<?>> gauges;

    /**
     * @param prefix        the connector's name in health and meters: {@code pos} gives the check {@code pos-outbox}
     *                      and the meters {@code pos_outbox_waiting} and so on
     * @param details       what else the health check shows (the store, the shops)
     * @param tags          tags on the meters
     */
    public QueueObservation(String prefix, Outbox outbox, Forwarder forwarder, Clock clock, Duration degradedAfter,
                            Supplier<Map<String, Object>> details, List<Tag> tags) {
        this.name = prefix + "-outbox";
        this.outbox = outbox;
        this.forwarder = forwarder;
        this.clock = clock;
        this.degradedAfter = degradedAfter;
        this.details = details;
        var registry = Metrics.globalRegistry();
        this.gauges = List.of(
                registry.getOrCreate(Gauge.builder(prefix + "_outbox_waiting", () -> outbox.stats().pending())
                        .description("Entries waiting for the core").tags(tags)),
                registry.getOrCreate(Gauge.builder(prefix + "_outbox_oldest_age_seconds", () -> age(outbox.stats()))
                        .description("How long the oldest waiting entry has waited").tags(tags)),
                registry.getOrCreate(Gauge.builder(prefix + "_outbox_rejected", () -> outbox.stats().rejected())
                        .description("Entries the core refused, waiting for a person").tags(tags)),
                registry.getOrCreate(Gauge.builder(prefix + "_core_reachable", () -> forwarder.coreOffline() ? 0 : 1)
                        .description("1 while the core is being reached, 0 while it is given time to recover")
                        .tags(tags)));
    }

    /** How long the head of the queue has waited, in seconds; 0 when nothing waits. */
    public long age(Outbox.Stats stats) {
        Instant oldest = stats.oldestWaiting();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    /** The queue's readiness check. */
    public HealthCheck healthCheck() {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public HealthCheckResponse call() {
                Outbox.Stats stats = outbox.stats();
                long age = age(stats);
                HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true)
                        .detail("state", age > degradedAfter.toSeconds() ? "degraded" : "ok");
                details.get().forEach(response::detail);
                return response.detail("waiting", stats.pending())
                        .detail("oldestAgeSeconds", age)
                        .detail("rejected", stats.rejected())
                        .detail("coreReachable", !forwarder.coreOffline())
                        .build();
            }
        };
    }

    /** Takes the meters away (a connector closed in a process that goes on). */
    @Override
    public void close() {
        gauges.forEach(Metrics.globalRegistry()::remove);
    }
}
