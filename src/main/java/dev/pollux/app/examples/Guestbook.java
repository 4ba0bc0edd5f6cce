package dev.pollux.app.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guestbook's entries: one line each, UTF-8, in {@code entries.txt}. Blocking file I/O, so it is
 * called from routes that run on the application scheduler. Each entry is appended as one write,
 * under a lock within this process and an exclusive file lock against other processes, so concurrent
 * signatures are never lost or interleaved.
 */
public final class Guestbook {

    /** Longer entries are cut; a request line is at most 1024 bytes anyway. */
    static final int MAX_ENTRY_CHARACTERS = 500;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();

    public Guestbook(Path directory) throws IOException {
        Files.createDirectories(directory);
        this.file = directory.resolve("entries.txt");
    }

    public Path file() {
        return file;
    }

    /** Adds an entry; control characters (line breaks included) become spaces. Returns the entry as stored. */
    public String sign(String text) throws IOException {
        String entry = clean(text);
        ByteBuffer line = ByteBuffer.wrap((entry + "\n").getBytes(StandardCharsets.UTF_8));
        lock.lock();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             FileLock ignored = channel.lock()) {
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } finally {
            lock.unlock();
        }
        return entry;
    }

    /** The entries, oldest first. */
    public List<String> entries() throws IOException {
        lock.lock();
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    static String clean(String text) {
        String cleaned = text.replaceAll("\\p{Cntrl}", " ").strip();
        return cleaned.codePointCount(0, cleaned.length()) <= MAX_ENTRY_CHARACTERS ? cleaned
                : cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_ENTRY_CHARACTERS));
    }
}
