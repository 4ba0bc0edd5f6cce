package dev.pollux.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * TLS session ticket keys from {@code pollux.tls.session-ticket-keys}: one key a line, 48 random bytes in base64
 * ({@code openssl rand -base64 48}), as nginx's {@code ssl_session_ticket_key} files hold them. The first key encrypts
 * new tickets; every key decrypts, so a rotation adds the new key second, waits until every replica has it, then moves
 * it first. Blank lines and lines starting with {@code #} are ignored.
 */
public record SessionTicketKeys(List<Key> keys) {

    /** Bytes of one key: a 16-byte name that tickets carry, then a 16-byte HMAC key and a 16-byte AES key. */
    public static final int KEY_BYTES = 48;
    private static final int PART = 16;

    public SessionTicketKeys {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("holds no key (one a line, each 48 random bytes in base64: openssl rand -base64 48)");
        }
        keys = List.copyOf(keys);
    }

    /** One ticket key; the arrays are copies, so the caller cannot change the served keys. */
    public record Key(byte[] name, byte[] hmacKey, byte[] aesKey) {

        public Key {
            name = name.clone();
            hmacKey = hmacKey.clone();
            aesKey = aesKey.clone();
        }

        @Override
        public byte[] name() {
            return name.clone();
        }

        @Override
        public byte[] hmacKey() {
            return hmacKey.clone();
        }

        @Override
        public byte[] aesKey() {
            return aesKey.clone();
        }
    }

    /** Reads and checks the file; the exception's message names the line at fault. */
    public static SessionTicketKeys read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static SessionTicketKeys parse(String text) {
        List<Key> keys = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(key(line, i + 1));
            }
        }
        return new SessionTicketKeys(keys);
    }

    private static Key key(String line, int number) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("line " + number + " holds " + bytes.length + " bytes, not " + KEY_BYTES
                    + " (openssl rand -base64 48)");
        }
        return new Key(Arrays.copyOfRange(bytes, 0, PART), Arrays.copyOfRange(bytes, PART, 2 * PART),
                Arrays.copyOfRange(bytes, 2 * PART, 3 * PART));
    }
}
