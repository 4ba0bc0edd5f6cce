package dev.pollux.titan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A capsule's upload token. Compared in constant time: both sides are hashed first, so the comparison
 * ({@link MessageDigest#isEqual}, which looks at every byte of equal-length inputs) tells nothing of the token's length
 * or of how much of a guess was right.
 */
final class UploadToken {

    private final byte[] digest;

    UploadToken(String token) {
        this.digest = sha256(token);
    }

    /** True when {@code given} (null when the request carried none) is the token. */
    boolean matches(String given) {
        return given != null && MessageDigest.isEqual(digest, sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "UploadToken[***]";
    }
}
