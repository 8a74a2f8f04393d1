package cn.docsearch.gateway.auth.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.config.GatewayConfig;

/**
 * A token bucket per key: a key may send its rate per second on average and a burst at once after being idle. The
 * buckets live in this instance; behind a load balancer of n gateways a key gets up to n times its rate.
 */
@ApplicationScoped
public class RateLimiter {
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(GatewayConfig config) {
        this.burst = config.auth().rateLimit().burst();
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
                current != null && current.rate == caller.requestsPerSecond() ? current
                        : new Bucket(caller.requestsPerSecond(), Math.max(burst, caller.requestsPerSecond())));
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
