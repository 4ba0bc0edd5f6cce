package dev.pollux.tls;

import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates TLS session ticket keys without a restart: polls {@code pollux.tls.session-ticket-keys} every
 * {@code pollux.tls.reload-interval} and, when it changes and reads back as valid keys, hands them to every TLS
 * context. A broken or half-written file is logged and the previous keys stay in use.
 */
public final class TicketKeyReloader extends FilePoller {

    private static final Logger log = LoggerFactory.getLogger(TicketKeyReloader.class);
    private static final String PROPERTY = "pollux.tls.session-ticket-keys";

    private final Path file;
    private final ServedTicketKeys served;
    private String stamp;

    public TicketKeyReloader(Path file, ServedTicketKeys served, Duration interval) {
        super(interval, "pollux-ticket-key-reload");
        this.file = file;
        this.served = served;
        this.stamp = stamp(file);
    }

    @Override
    void poll() {
        check();
    }

    /** Reloads the keys if the file changed since the last look. */
    public synchronized void check() {
        String current = stamp(file);
        if (current.equals(stamp)) {
            return;
        }
        stamp = current;
        try {
            SessionTicketKeys keys = SessionTicketKeys.read(file);
            served.replace(keys);
            log.info("Reloaded {} TLS session ticket key(s) from {}", keys.keys().size(), file);
        } catch (RuntimeException e) {
            log.warn("Not reloading the TLS session ticket keys ({}): {}; the previous keys stay in use", PROPERTY, e.getMessage());
        }
    }
}
