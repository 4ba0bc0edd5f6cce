package dev.pollux.handler.cgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * The reading end of a script's pipe, by file descriptor. Blocking. The descriptor is closed at the
 * end of the output, by {@link #close()}, or once the process has exited ({@link #processExited()}),
 * as the JDK does with its own process streams: what the script wrote is then kept in memory (at
 * most a pipe's capacity) for the reader to still take. A descriptor is never closed under a read in
 * progress (its number could be handed to a file opened meanwhile, and the read would take that
 * file's bytes): the read, once it returns, closes it.
 */
final class PipeInputStream extends InputStream {

    private static final int POLLIN = 0x001;
    private static final int POLLFD_BYTES = 8;
    private static final int DRAIN_CHUNK = 16 * 1024;

    private final int fd;
    private int reads;
    private boolean closed;
    private boolean exited;
    private boolean fdClosed;
    /** What was left in the pipe when the descriptor was closed after the exit, or null before. */
    private byte[] rest;
    private int restOffset;

    PipeInputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        synchronized (this) {
            if (closed) {
                throw new IOException("Stream closed");
            }
            if (length == 0) {
                return 0;
            }
            if (fdClosed) {
                return fromRest(buffer, offset, length);
            }
            reads++;
        }
        long read = 0;
        try {
            byte[] target = offset == 0 ? buffer : new byte[length];
            read = readOnce(target, length);
            if (read > 0 && target != buffer) {
                System.arraycopy(target, 0, buffer, offset, (int) read);
            }
            return read == 0 ? -1 : (int) read;
        } finally {
            synchronized (this) {
                reads--;
                if (read == 0 || closed) {
                    closeFd(); // the end of the output, or closed meanwhile
                } else if (exited) {
                    keepRestAndCloseFd();
                }
            }
        }
    }

    /** The process has exited: unless a read is in progress, keep what it left in the pipe and close the descriptor. */
    synchronized void processExited() {
        exited = true;
        keepRestAndCloseFd();
    }

    @Override
    public synchronized void close() {
        closed = true;
        rest = null;
        closeFd();
    }

    private int fromRest(byte[] buffer, int offset, int length) {
        if (rest == null || restOffset == rest.length) {
            return -1;
        }
        int taken = Math.min(length, rest.length - restOffset);
        System.arraycopy(rest, restOffset, buffer, offset, taken);
        restOffset += taken;
        return taken;
    }

    /** Holding the lock, no read in progress: reads only what is there (poll says so), so it never blocks. */
    private void keepRestAndCloseFd() {
        if (reads > 0 || fdClosed) {
            return;
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] chunk = new byte[DRAIN_CHUNK];
        try (Memory poll = new Memory(POLLFD_BYTES)) {
            while (true) {
                poll.setInt(0, fd);
                poll.setShort(4, (short) POLLIN);
                poll.setShort(6, (short) 0);
                if (Libc.poll(poll, 1, 0) <= 0 || (poll.getShort(6) & POLLIN) == 0) {
                    break;
                }
                long read = Libc.read(fd, chunk, chunk.length);
                if (read <= 0) {
                    break;
                }
                kept.write(chunk, 0, (int) read);
            }
        } catch (LastErrorException e) {
            // what could not be read is lost, as when the JDK drains its process streams
        }
        rest = kept.toByteArray();
        closeFd();
    }

    private void closeFd() {
        if (reads == 0 && !fdClosed) {
            fdClosed = true;
            Libc.close(fd);
        }
    }

    private long readOnce(byte[] target, int length) throws IOException {
        while (true) {
            try {
                return Libc.read(fd, target, length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new IOException("read from a script's pipe failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
