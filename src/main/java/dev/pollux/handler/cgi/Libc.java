package dev.pollux.handler.cgi;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The C library calls that start a script as the leader of its own session in one step
 * ({@code posix_spawn} with {@code POSIX_SPAWN_SETSID}), and those that then talk to it: Java 17
 * has no API for either. Bound through JNA's direct mapping, which links every method when the
 * class is initialised: a C library without one of them (glibc before 2.34, musl) fails there, and
 * {@link #available()} says so. Constants are glibc's on Linux.
 */
final class Libc {

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final short POSIX_SPAWN_SETSID = 0x80;
    static final int WNOHANG = 1;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final int EINTR = 4;
    static final int ENOEXEC = 8;
    static final int ECHILD = 10;

    /** {@code posix_spawn_file_actions_t} is 80 bytes and {@code posix_spawnattr_t} 336 on 64-bit glibc; room to spare. */
    static final int FILE_ACTIONS_BYTES = 128;
    static final int ATTRIBUTES_BYTES = 512;
    static final int SIGSET_BYTES = 128;

    private static final Throwable UNAVAILABLE = bind();

    private Libc() {
    }

    private static Throwable bind() {
        try {
            Native.register(Libc.class, NativeLibrary.getInstance("c"));
            return null;
        } catch (Throwable e) { // LinkageError, or JNA's own native library could not be loaded or unpacked
            return e;
        }
    }

    /** Null when every call below is bound; otherwise why not. */
    static Throwable unavailable() {
        return UNAVAILABLE;
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

    static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    static native int kill(int pid, int signal) throws LastErrorException;

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, byte[] path, int flags, int mode);

    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, byte[] path);

    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    static native int posix_spawnattr_init(Pointer attributes);

    static native int posix_spawnattr_destroy(Pointer attributes);

    static native int posix_spawnattr_setflags(Pointer attributes, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attributes, Pointer set);

    static native int posix_spawnattr_setsigdefault(Pointer attributes, Pointer set);

    /** Returns an error number, not -1 and errno. */
    static native int posix_spawn(int[] pid, byte[] path, Pointer actions, Pointer attributes, Pointer argv, Pointer envp);
}
