package dev.pollux.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.pollux.protocol.TitanParameters;

/**
 * A Titan upload's body, for a {@link GeminiRoute} method that takes one: the route then answers Titan requests only
 * (a route without it, Gemini requests only). The whole body has been received when the method is called, in a
 * temporary file (never in memory, at most the capsule's {@code titan.max-size}), which is deleted once the method has
 * answered: read it before returning. Reading blocks, so take an {@code Upload} in a method that returns a plain value
 * (called on the {@code pollux-app} scheduler), not a {@code Mono} or {@code Flux}. The capsule's Titan policy
 * (paths, certificate, token, size, type) has admitted it.
 */
public final class Upload {

    private final Path file;
    private final TitanParameters titan;

    Upload(Path file, TitanParameters titan) {
        this.file = file;
        this.titan = titan;
    }

    /** The body's size in bytes, as the request announced and as received. */
    public long size() {
        return titan.size();
    }

    /** The body's media type as sent ({@code text/gemini} when the request named none). */
    public String mimeType() {
        return titan.mimeType();
    }

    /** The request's token, if it carried one. */
    public Optional<String> token() {
        return Optional.ofNullable(titan.token());
    }

    /** The body from its first byte. Blocking. */
    public InputStream openStream() throws IOException {
        return Files.newInputStream(file);
    }

    /** The whole body. Blocking. */
    public byte[] bytes() throws IOException {
        return Files.readAllBytes(file);
    }

    /** The whole body as UTF-8 text. Blocking. */
    public String text() throws IOException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
