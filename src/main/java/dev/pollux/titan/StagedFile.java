package dev.pollux.titan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file's next content, written to a hidden temporary file beside it ({@code .titan-*.part}: never served, never listed),
 * then put in its place in one step: {@link #commit()} flushes it to disk, renames it over the file (atomic on the same
 * file system, so a reader sees the old file or the new one, never half of one; of concurrent uploads the last rename
 * wins, whole) and flushes the directory. Both flushes before the upload is answered: a client told its file was written
 * must not lose it to a crash soon after (without the first, a crash after the rename can leave an empty file on ext4
 * and XFS; without the second, the rename itself). {@link #discard()} removes it unless committed. Blocking throughout.
 */
final class StagedFile {

    /** A new file's mode: readable by all, as served content, and never executable. */
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> EXECUTE = EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    /** Read by a discard on another thread, when the request is cancelled. */
    private volatile boolean committed;

    private StagedFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
    }

    /** An empty temporary file in {@code target}'s directory (owner-only until committed). */
    static StagedFile beside(Path target) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), ".titan-", ".part");
        try {
            return new StagedFile(target, temporary, FileChannel.open(temporary, StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    FileChannel channel() {
        return channel;
    }

    /** Puts the written content in the file's place, durably. */
    void commit() throws IOException {
        channel.force(true);
        channel.close();
        setPermissions();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically in " + target.getParent(), e);
        }
        committed = true;
        syncDirectory(target.getParent());
    }

    /** Removes the temporary file, unless it was committed. */
    void discard() {
        try {
            channel.close();
        } catch (IOException e) {
            // the file is removed all the same
        }
        if (!committed) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a hidden leftover; nothing else to do
            }
        }
    }

    /** Removes a file, durably. */
    static void delete(Path file) throws IOException {
        Files.delete(file);
        syncDirectory(file.getParent());
    }

    /** A replaced file keeps its mode, never executable; a new one is rw-r--r--. */
    private void setPermissions() throws IOException {
        try {
            Set<PosixFilePermission> permissions = NEW_FILE;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                permissions = EnumSet.noneOf(PosixFilePermission.class);
                permissions.addAll(Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
                permissions.removeAll(EXECUTE);
            }
            Files.setPosixFilePermissions(temporary, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot flush a directory; the rename is done all the same
        }
    }
}
