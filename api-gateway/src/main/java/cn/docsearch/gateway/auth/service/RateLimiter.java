package cn.docsearch.gateway.auth.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.config.GatewayConfig;

/**
 * A token bucket per key: a key may send its rate per second on average and its burst at once after being idle. A key
 * with its own rate has a burst of {@code gateway.auth.rate-limit.own-rate-burst} of it (one second's worth, at least 1
 * request), so that its rate bounds what it sends in any second; a key without one has the configured defaults. The
 * buckets live in this instance; behind a load balancer of n gateways a key gets up to n times its rate.
 */
@ApplicationScoped
public class RateLimiter {
    private final Limit defaultLimit;
    private final Duration ownRateBurst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** What a caller may send: requests per second (0: unlimited) and how many of them at once after being idle. */
    public record Limit(int requestsPerSecond, int burst) {
    }

    public RateLimiter(GatewayConfig config) {
        GatewayConfig.Auth.RateLimit rateLimit = config.auth().rateLimit();
        this.defaultLimit = new Limit(rateLimit.requestsPerSecond(), Math.max(1, rateLimit.burst()));
        this.ownRateBurst = rateLimit.ownRateBurst();
    }

    /** @param ownRequestsPerSecond the key's own rate, or null for the configured default */
    public Limit limitOf(Integer ownRequestsPerSecond) {
        return ownRequestsPerSecond == null ? defaultLimit
                : new Limit(ownRequestsPerSecond, burstOf(ownRequestsPerSecond, ownRateBurst));
    }

    /** The requests of {@code rate} per second made in {@code window}, rounded down, and at least one. */
    static int burstOf(int rate, Duration window) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) rate * window.toMillis() / 1000));
    }

    /**
     * Takes one request from the caller's bucket.
     *
     * @return 0 when the request may go, otherwise the seconds until it could (at least 1)
     */
    public long acquire(Caller caller) {
        if (caller.requestsPerSecond() <= 0) {
            return 0;
        }
        Bucket bucket = buckets.compute(caller.keyId(), (id, current) ->
                current != null && current.rate == caller.requestsPerSecond() && current.capacity == caller.burst()
                        ? current : new Bucket(caller.requestsPerSecond(), Math.max(1, caller.burst())));
        long waitNanos = bucket.take(System.nanoTime());
        return waitNanos == 0 ? 0 : Math.max(1, (long) Math.ceil(waitNanos / (double) TimeUnit.SECONDS.toNanos(1)));
    }

    private static final class Bucket {
        private final int rate;
        private final int capacity;
        private double tokens;
        private long refilledAt;

        Bucket(int rate, int capacity) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = System.nanoTime();
        }

        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * rate / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1e9 / rate);
        }
    }
}
