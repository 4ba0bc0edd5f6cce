package dev.pollux.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pollux.config.AccessLogProperties.ClientAddressLogging;
import dev.pollux.handler.Stage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The access log's own thread: lines written in order, none lost in normal use, drops counted when it cannot keep up. */
class AccessLogTests {

    @Test
    void writesEveryLineInOrderAndTheRestOnClose() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        AccessLog log = new AccessLog(1024, request -> written.add(request.request()));
        for (int i = 0; i < 500; i++) {
            log.requestCompleted(request("gemini://localhost/" + i));
        }
        log.close();
        assertThat(written).hasSize(500).startsWith("gemini://localhost/0").endsWith("gemini://localhost/499");
        assertThat(log.dropped()).isZero();
    }

    @Test
    void dropsAndCountsWhatItCannotQueue() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        AccessLog log = new AccessLog(4, request -> {
            writing.countDown();
            awaitQuietly(release);
            written.add(request.request());
        });
        log.requestCompleted(request("first"));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 10; i++) {
            log.requestCompleted(request("queued " + i));
        }
        assertThat(log.dropped()).isEqualTo(6);
        release.countDown();
        log.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 5);
        assertThat(written).containsExactly("first", "queued 0", "queued 1", "queued 2", "queued 3");
    }

    @Test
    void escapesWhatCouldForgeALine() {
        assertThat(AccessLog.escape("a\"b\\c\r\nd\u0000\u0085\u202e")).isEqualTo("a\\\"b\\\\c\\x0d\\x0ad\\x00\\x85\\u202e");
        assertThat(AccessLog.escape("x".repeat(2000))).hasSize(1103).endsWith("...");
    }

    @Test
    void showsAsMuchOfTheClientAddressAsConfigured() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.77"), 50123);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8:aaaa:bbbb::7"), 50123);
        assertThat(LoggedClientAddress.of(v4, ClientAddressLogging.FULL)).isEqualTo("192.0.2.77:50123");
        assertThat(LoggedClientAddress.of(v4, ClientAddressLogging.MASKED)).isEqualTo("192.0.2.0/24");
        assertThat(LoggedClientAddress.of(v6, ClientAddressLogging.MASKED)).isEqualTo("2001:db8:aaaa:0:0:0:0:0/48");
        assertThat(LoggedClientAddress.of(v4, ClientAddressLogging.NONE)).isEqualTo("-");
        assertThat(LoggedClientAddress.of(null, ClientAddressLogging.FULL)).isEqualTo("-");
    }

    private static CompletedRequest request(String line) {
        return new CompletedRequest(Instant.now(), new InetSocketAddress("127.0.0.1", 1), "localhost", line, "20", "text/gemini", 10,
                Duration.ofMillis(1), Stage.STATIC_FILES, null, null, "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
