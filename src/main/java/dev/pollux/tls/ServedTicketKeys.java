package dev.pollux.tls;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The TLS session ticket keys every capsule's TLS context uses right now: those of
 * {@code pollux.tls.session-ticket-keys}, replaced by hot reload, or none (each server makes its own, as by default).
 */
public final class ServedTicketKeys {

    private volatile SessionTicketKeys keys;
    private final List<Consumer<SessionTicketKeys>> listeners = new CopyOnWriteArrayList<>();

    public ServedTicketKeys(SessionTicketKeys initial) {
        this.keys = initial;
    }

    /** Empty when no key file is configured. */
    public Optional<SessionTicketKeys> current() {
        return Optional.ofNullable(keys);
    }

    public synchronized void replace(SessionTicketKeys next) {
        keys = next;
        listeners.forEach(listener -> listener.accept(next));
    }

    /** Called with the new keys after each replacement. */
    public void onChange(Consumer<SessionTicketKeys> listener) {
        listeners.add(listener);
    }
}
