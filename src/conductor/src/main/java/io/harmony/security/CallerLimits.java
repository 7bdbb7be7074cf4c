package io.harmony.security;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.harmony.config.HarmonyConfig;
import io.harmony.errors.TooManyRequestsException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The per-caller limits of harmony.limits.*: a token bucket of writes per caller key (the token when auth is on, else
 * the component the request names) and a count of open event streams per token. Both live per replica, in memory,
 * on purpose: a limit that asked Redis or Kafka would cost every heartbeat a round trip, so N replicas behind a load
 * balancer allow up to N times the rate and the streams. The queue-depth cap lives with the queues (messaging.QueueService),
 * because it is a fact of Redis, not of the caller.
 */
@Singleton
public class CallerLimits {
    /** Meter of every refusal, tagged {@code limit} = writes | queue-depth | streams; never with a token or name. */
    public static final String REFUSED = "harmony.limits.refused";
    /**
     * Most buckets one replica keeps. With auth off the keys are names callers choose, so the map must not grow with
     * them; past this the least useful bucket is forgotten, which forgives its debt (a fresh bucket is full).
     */
    static final int MAX_BUCKETS = 100_000;
    /** Writes that name no component (state, alert rules, replies) share this name when auth is off. */
    static final String UNNAMED = "*";

    private final Caller caller;
    private final double writesPerSecond;
    private final int writeBurst;
    private final int streamsPerCaller;
    /** Null when writes are not limited (writes-per-second ≤ 0). */
    private final Cache<String, TokenBucket> buckets;
    private final Function<String, TokenBucket> newBucket;
    /** Open /events/subscribe streams per token id; a token leaves the map with its last stream. */
    private final Map<String, Integer> streams = new ConcurrentHashMap<>();
    private final Counter writesRefused;
    private final Counter streamsRefused;

    CallerLimits(Caller caller, HarmonyConfig config, MeterRegistry meters) {
        this.caller = caller;
        HarmonyConfig.Limits limits = config.limits();
        this.writesPerSecond = limits.writesPerSecond();
        this.writeBurst = Math.max(1, limits.writeBurst());
        this.streamsPerCaller = limits.streamsPerToken();
        this.newBucket = key -> new TokenBucket(writesPerSecond, writeBurst, System::nanoTime);
        if (writesPerSecond > 0) {
            long refill = newBucket.apply(UNNAMED).refillNanos();
            // A bucket untouched for its refill time is full again: dropping it then loses nothing.
            this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS)
                    .expireAfterAccess(Duration.ofNanos(refill).plusSeconds(1)).build();
        } else {
            this.buckets = null;
        }
        this.writesRefused = Counter.builder(REFUSED).tag("limit", "writes")
                .description("Calls refused with 429 by a per-caller limit").register(meters);
        this.streamsRefused = Counter.builder(REFUSED).tag("limit", "streams")
                .description("Calls refused with 429 by a per-caller limit").register(meters);
    }

    /**
     * Charges one write to the caller: its token, or with auth off {@code namedComponent} (the component the request
     * acts as; null when it names none). Over the rate: TooManyRequestsException with Retry-After.
     */
    public void write(String namedComponent) {
        write(namedComponent, 1);
    }

    /** Charges {@code writes} writes at once (a batch of messages); nothing is charged when it is refused. */
    public void write(String namedComponent, int writes) {
        if (buckets == null) {
            return;
        }
        String key = caller.limitKey(namedComponent == null ? UNNAMED : namedComponent);
        long waitNanos = buckets.get(key, newBucket).take(writes);
        if (waitNanos > 0) {
            writesRefused.increment();
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new TooManyRequestsException(null, "too many writes: the limit is " + rate() + " per second (bursts of "
                    + writeBurst + "); retry after " + seconds + " s", seconds);
        }
    }

    /** A batch acting as several components (auth off): each name is charged its own writes. */
    public void writeEach(Collection<String> namedComponents) {
        Map<String, Long> counts = namedComponents.stream()
                .collect(Collectors.groupingBy(name -> name, LinkedHashMap::new, Collectors.counting()));
        counts.forEach((name, n) -> write(name, n.intValue()));
    }

    /**
     * Opens one of the token's /events/subscribe slots; full: TooManyRequestsException. Run the answer when the
     * stream ends; running it twice frees one slot only. With auth off streams are not counted: a stream names no
     * component, and counting per client address would put every client behind one proxy (or the client library's
     * three streams per component, on a host of many components) under a single cap.
     */
    public Runnable openStream() {
        if (streamsPerCaller <= 0 || caller.tokenId().isEmpty()) {
            return () -> {
            };
        }
        String key = caller.tokenId().get();
        boolean[] opened = { false };
        streams.compute(key, (k, open) -> {
            int now = open == null ? 0 : open;
            if (now >= streamsPerCaller) {
                return open;
            }
            opened[0] = true;
            return now + 1;
        });
        if (!opened[0]) {
            streamsRefused.increment();
            throw new TooManyRequestsException(null, "too many open event streams: at most " + streamsPerCaller
                    + " per token on this replica; close one first", 0);
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                streams.computeIfPresent(key, (k, open) -> open <= 1 ? null : open - 1);
            }
        };
    }

    private String rate() {
        return writesPerSecond == Math.rint(writesPerSecond) ? Long.toString((long) writesPerSecond)
                : Double.toString(writesPerSecond);
    }
}
