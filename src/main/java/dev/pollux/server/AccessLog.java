package dev.pollux.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request, rejected ones and timeouts included, to the logger
 * {@code pollux.access} so operators can route it on its own. Every field is also attached as a
 * key-value pair, so structured (JSON) logging turns them into fields of their own.
 */
public final class AccessLog implements RequestListener {

    private static final Logger log = LoggerFactory.getLogger("pollux.access");

    @Override
    public void requestCompleted(CompletedRequest request) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String client = request.client() == null ? "-" : request.client().getAddress().getHostAddress() + ":" + request.client().getPort();
        long millis = request.duration().toMillis();
        log.atInfo()
                .addKeyValue("client", client)
                .addKeyValue("capsule", request.capsule())
                .addKeyValue("request", request.request())
                .addKeyValue("status", request.status())
                .addKeyValue("meta", request.meta())
                .addKeyValue("bytes", request.bytesSent())
                .addKeyValue("duration_ms", millis)
                .addKeyValue("certificate", request.certificate())
                .addKeyValue("cut", request.cut() == null ? null : request.cut().tag())
                .log("{} {} {} \"{}\" {} \"{}\" {} {}ms {}{}", request.started(), client, request.capsule(), request.request(),
                        request.status(), request.meta(), request.bytesSent(), millis, request.certificate(),
                        request.cut() == null ? "" : " cut:" + request.cut().tag());
    }
}
