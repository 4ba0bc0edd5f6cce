package dev.pollux.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Content the server tests serve: ordinary files, a directory without an index, hidden files,
 * a secret just outside the root and symbolic links that lead out of and within the root.
 */
public final class TestCapsuleContent {

    public static final String INDEX = "# Test capsule\n=> doc.txt A document\n";
    public static final int LARGE_FILE_BYTES = 5 * 1024 * 1024;

    private TestCapsuleContent() {
    }

    /** Creates {@code base/root} (returned) and the secret {@code base/secret/password.txt} beside it. */
    public static Path create(Path base) {
        try {
            Path root = Files.createDirectories(base.resolve("root"));
            Path secret = Files.createDirectories(base.resolve("secret"));
            Files.writeString(secret.resolve("password.txt"), "hunter2\n");
            Files.writeString(root.resolve("index.gmi"), INDEX);
            Files.writeString(root.resolve("doc.txt"), "plain text\n");
            Files.write(root.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            Files.write(root.resolve("archive.tar.gz"), new byte[] {0x1f, (byte) 0x8b});
            Files.writeString(root.resolve("unknown.xyz"), "?");
            Files.writeString(root.resolve("noextension"), "?");
            Files.writeString(root.resolve("café.gmi"), "# Café\n");
            Files.writeString(root.resolve(".hidden"), "hidden\n");
            Files.createDirectories(root.resolve(".git"));
            Files.writeString(root.resolve(".git/config"), "[core]\n");
            Path sub = Files.createDirectories(root.resolve("sub"));
            Files.writeString(sub.resolve("a.gmi"), "# A\n");
            Files.writeString(sub.resolve("b file.txt"), "b\n");
            Files.writeString(sub.resolve(".secret"), "s\n");
            Files.createDirectories(sub.resolve("nested"));
            Files.createSymbolicLink(sub.resolve("outside"), secret);
            Path spaced = Files.createDirectories(root.resolve("with space"));
            Files.writeString(spaced.resolve("index.gmi"), "# Spaced\n");
            Files.createSymbolicLink(root.resolve("escape"), secret);
            Files.createSymbolicLink(root.resolve("escape.txt"), secret.resolve("password.txt"));
            Files.createSymbolicLink(root.resolve("inside-link.gmi"), sub.resolve("a.gmi"));
            byte[] large = new byte[LARGE_FILE_BYTES];
            new Random(42).nextBytes(large);
            Files.write(root.resolve("large.bin"), large);
            new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).start().waitFor();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
