package dev.pollux.handler.cgi;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;

/**
 * A process {@link SessionSpawner} started, as a {@link Process}: its stdout and stderr are pipes,
 * its stdin was a file. The exit is collected by one thread at a time (a blocking
 * {@link #waitFor()}, or a poll that does not block); every other thread waits for that result.
 */
final class SpawnedProcess extends Process {

    private static final long POLL_MILLIS = 10;
    private static final int UNKNOWN_STATUS = 255;

    private final int pid;
    private final PipeInputStream stdoutPipe;
    private final PipeInputStream stderrPipe;
    private final InputStream stdout;
    private final InputStream stderr;
    private final Object lock = new Object();
    private Integer exitStatus;
    private boolean collecting;

    SpawnedProcess(int pid, int stdoutFd, int stderrFd) {
        this.pid = pid;
        // buffered as the JDK's own process streams are: a script's header is read one byte at a time
        this.stdoutPipe = new PipeInputStream(stdoutFd);
        this.stderrPipe = new PipeInputStream(stderrFd);
        this.stdout = new BufferedInputStream(stdoutPipe);
        this.stderr = new BufferedInputStream(stderrPipe);
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public long pid() {
        return pid;
    }

    /** Blocking, and not interruptible: it returns when the process exits. */
    @Override
    public int waitFor() throws InterruptedException {
        synchronized (lock) {
            while (exitStatus == null && collecting) {
                lock.wait();
            }
            if (exitStatus != null) {
                return exitStatus;
            }
            collecting = true;
        }
        int status = collect(0);
        synchronized (lock) {
            collecting = false;
            exited(status);
            lock.notifyAll();
            return status;
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (!exited()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                // woken by a blocking waitFor() that collects the exit; polled when there is none
                lock.wait(Math.min(left, POLL_MILLIS));
            }
            return true;
        }
    }

    @Override
    public int exitValue() {
        synchronized (lock) {
            if (!exited()) {
                throw new IllegalThreadStateException("process " + pid + " has not exited");
            }
            return exitStatus;
        }
    }

    @Override
    public boolean isAlive() {
        synchronized (lock) {
            return !exited();
        }
    }

    @Override
    public void destroy() {
        signal(Libc.SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        signal(Libc.SIGKILL);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
    }

    @Override
    public String toString() {
        return "SpawnedProcess[pid=" + pid + "]";
    }

    /** Holding the lock: whether the exit is known, collecting it without blocking when nobody else is. */
    private boolean exited() {
        if (exitStatus == null && !collecting) {
            int status = collect(Libc.WNOHANG);
            if (status >= 0) {
                exited(status);
            }
        }
        return exitStatus != null;
    }

    /** Holding the lock. */
    private void exited(int status) {
        exitStatus = status;
        stdoutPipe.processExited();
        stderrPipe.processExited();
    }

    /** Never after the exit is collected: the PID may then be another process's. */
    private void signal(int signal) {
        synchronized (lock) {
            if (exitStatus != null) {
                return;
            }
            try {
                Libc.kill(pid, signal);
            } catch (LastErrorException e) {
                // gone already (ESRCH): its exit is collected soon
            }
        }
    }

    /** The exit status, as Java reports it (128 + N after signal N), or -1 when WNOHANG found it still running. */
    private int collect(int options) {
        int[] status = new int[1];
        while (true) {
            try {
                if (Libc.waitpid(pid, status, options) == 0) {
                    return -1;
                }
                int signal = status[0] & 0x7f;
                return signal == 0 ? (status[0] >> 8) & 0xff : 0x80 + signal;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.ECHILD) {
                    return UNKNOWN_STATUS; // collected by someone else (SIGCHLD ignored): gone, its status lost
                }
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new IllegalStateException("waitpid(" + pid + ") failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
