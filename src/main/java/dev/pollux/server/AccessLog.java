package dev.pollux.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request, rejected ones and timeouts included, to the logger
 * {@code pollux.access} so operators can route it on its own.
 */
final class AccessLog {

    private static final Logger log = LoggerFactory.getLogger("pollux.access");

    void write(AccessLogEntry entry) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String client = entry.client == null ? "-" : entry.client.getAddress().getHostAddress() + ":" + entry.client.getPort();
        log.info("{} {} {} \"{}\" {} \"{}\" {} {}ms {}",
                entry.started, client, entry.capsule, entry.request, entry.status, entry.meta, entry.bytesSent, entry.durationMillis(),
                entry.clientCertificate);
    }
}
