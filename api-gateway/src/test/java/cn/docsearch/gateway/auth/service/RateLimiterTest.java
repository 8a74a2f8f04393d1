package cn.docsearch.gateway.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The burst rule: a key's own rate, one second's worth by default, never less than one request. */
class RateLimiterTest {

    @Test
    void aKeysBurstIsItsRateOverTheWindowAndAtLeastOne() {
        assertThat(RateLimiter.burstOf(5, Duration.ofSeconds(1))).isEqualTo(5);
        assertThat(RateLimiter.burstOf(10_000, Duration.ofSeconds(1))).isEqualTo(10_000);
        assertThat(RateLimiter.burstOf(5, Duration.ofMillis(500))).isEqualTo(2);
        assertThat(RateLimiter.burstOf(1, Duration.ofMillis(100))).isEqualTo(1);
        assertThat(RateLimiter.burstOf(3, Duration.ofSeconds(2))).isEqualTo(6);
    }
}
