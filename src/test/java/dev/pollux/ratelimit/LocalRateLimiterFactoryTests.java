package dev.pollux.ratelimit;

import java.time.Duration;
import java.time.Instant;

import dev.pollux.config.Rate;
import dev.pollux.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Token-bucket arithmetic and memory bounds, with time driven by a clock the test moves. */
class LocalRateLimiterFactoryTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final LocalRateLimiterFactory factory = new LocalRateLimiterFactory(clock, 10_000);

    private static RateLimitResult acquire(RateLimiter limiter, String client) {
        return limiter.tryAcquire(client).block();
    }

    @ParameterizedTest(name = "{0}: one request back every {1}, told as 44 {2}")
    @CsvSource({
            "5/s,    PT0.2S, 1",
            "3/10s,  PT3.333333333S, 4",
            "60/m,   PT1S,   1",
            "60/5m,  PT5S,   5",
            "1/h,    PT1H,   3600",
            "100/2h, PT72S,  72",
            "1000/d, PT86.4S, 87",
            "2/d,    PT12H,  43200",
    })
    void refillsOneRequestPerPeriodOverCountAndTellsTheWaitRoundedUp(String text, Duration refill, long seconds) {
        Rate rate = Rate.valueOf(text);
        RateLimiter limiter = factory.create("test", rate);
        for (int i = 0; i < rate.count(); i++) {
            assertThat(acquire(limiter, "192.0.2.1").allowed()).as("request %d of %s", i + 1, text).isTrue();
        }
        RateLimitResult refused = acquire(limiter, "192.0.2.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(refill, refill.plusNanos(1));
        assertThat(refused.waitSeconds()).isEqualTo(seconds);
        assertThat(refused.toResponse().header().encode()).isEqualTo(("44 " + seconds + "\r\n").getBytes());

        clock.advance(refill.minusNanos(2));
        assertThat(acquire(limiter, "192.0.2.1").allowed()).as("just before the refill").isFalse();
        clock.advance(Duration.ofNanos(3));
        assertThat(acquire(limiter, "192.0.2.1").allowed()).as("once the refill is due").isTrue();
        assertThat(acquire(limiter, "192.0.2.1").allowed()).as("only one request came back").isFalse();
    }

    @Test
    void readsHoursAsHoursUnlikeJetforce() {
        RateLimiter limiter = factory.create("test", Rate.valueOf("2/2h"));
        acquire(limiter, "c");
        acquire(limiter, "c");
        assertThat(acquire(limiter, "c").retryAfter()).isEqualTo(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(59));
        assertThat(acquire(limiter, "c").waitSeconds()).isEqualTo(60);
        clock.advance(Duration.ofMinutes(1));
        assertThat(acquire(limiter, "c").allowed()).isTrue();
    }

    @Test
    void refillsDaysToAFullBucketButNoFurther() {
        RateLimiter limiter = factory.create("test", Rate.valueOf("1000/d"));
        for (int i = 0; i < 1000; i++) {
            acquire(limiter, "c");
        }
        assertThat(acquire(limiter, "c").allowed()).isFalse();
        clock.advance(Duration.ofHours(12));
        int allowed = 0;
        while (acquire(limiter, "c").allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(500);
        clock.advance(Duration.ofDays(3));
        allowed = 0;
        while (acquire(limiter, "c").allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(1000);
    }

    @Test
    void countsEachClientSeparately() {
        RateLimiter limiter = factory.create("test", Rate.valueOf("2/m"));
        assertThat(acquire(limiter, "a").allowed()).isTrue();
        assertThat(acquire(limiter, "a").allowed()).isTrue();
        assertThat(acquire(limiter, "a").allowed()).isFalse();
        assertThat(acquire(limiter, "b").allowed()).isTrue();
        assertThat(acquire(limiter, "b").allowed()).isTrue();
        assertThat(acquire(limiter, "b").allowed()).isFalse();
    }

    @Test
    void countsEachLimitSeparatelyEvenForTheSameClient() {
        RateLimiter server = factory.create("server", Rate.valueOf("1/m"));
        RateLimiter capsule = factory.create("capsule:localhost", Rate.valueOf("1/m"));
        assertThat(acquire(server, "a").allowed()).isTrue();
        assertThat(acquire(capsule, "a").allowed()).isTrue();
        assertThat(acquire(server, "a").allowed()).isFalse();
        assertThat(acquire(capsule, "a").allowed()).isFalse();
    }

    @Test
    void evictsABucketOnceItWouldBeFullAgain() {
        RateLimiter limiter = factory.create("test", Rate.valueOf("10/m"));
        acquire(limiter, "a");
        acquire(limiter, "b");
        assertThat(factory.trackedBuckets()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));
        acquire(limiter, "b");
        clock.advance(Duration.ofSeconds(31));
        assertThat(factory.trackedBuckets()).as("a idle for a minute, b for 31 seconds").isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(factory.trackedBuckets()).isZero();
        assertThat(factory.expiredBuckets()).as("both full again: nothing forgiven").isEqualTo(2);
        assertThat(factory.evictedBuckets()).isZero();
    }

    @Test
    void keepsMemoryBoundedWithAMillionDistinctClients() {
        LocalRateLimiterFactory bounded = new LocalRateLimiterFactory(clock, 10_000);
        RateLimiter limiter = bounded.create("test", Rate.valueOf("60/5m"));
        int allowed = 0;
        for (int i = 0; i < 1_000_000; i++) {
            String client = (10 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + ".1";
            if (limiter.tryAcquire(client).block().allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).as("every new client starts with a full bucket").isEqualTo(1_000_000);
        assertThat(bounded.trackedBuckets()).isLessThanOrEqualTo(10_000);
        assertThat(bounded.evictedBuckets()).as("dropped for room, each still draining").isGreaterThanOrEqualTo(990_000);
        assertThat(bounded.expiredBuckets()).isZero();
    }
}
