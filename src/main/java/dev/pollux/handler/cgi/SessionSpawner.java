package dev.pollux.handler.cgi;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.LastErrorException;
import com.sun.jna.StringArray;

/**
 * Starts a script as the leader of a new session with one {@code posix_spawn}: the C library's
 * {@code POSIX_SPAWN_SETSID} does what util-linux's setsid(1) would, without setsid(1)'s own exec
 * (the dynamic loader and libc starting once more per script). The child gets stdin from a file,
 * stdout and stderr as pipes, the script's directory, default signal handling and an empty signal
 * mask, and no other descriptor of the JVM's. As the JDK and execvp(3) do, a script the kernel
 * cannot execute as it is (no {@code #!} line) is run by {@code /bin/sh}.
 */
final class SessionSpawner {

    private static final String SHELL = "/bin/sh";

    /** How the JDK encodes file names, arguments and environments for the operating system. */
    private final Charset encoding = Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));

    /** Blocking (fork and exec). */
    Process start(Path executable, Map<String, String> environment, Path stdin) throws IOException {
        List<String> variables = new ArrayList<>(environment.size());
        environment.forEach((name, value) -> variables.add(variable(name, value)));
        String[] envp = variables.toArray(String[]::new);
        String script = executable.toString();
        int error = 0;
        Process started = null;
        int[] stdout = pipe();
        int[] stderr = null;
        try {
            stderr = pipe();
            String[] argv = {script};
            int[] pid = new int[1];
            error = spawn(pid, script, argv, envp, executable.getParent(), stdin, stdout[1], stderr[1]);
            if (error == Libc.ENOEXEC) {
                error = spawn(pid, SHELL, new String[] {SHELL, script}, envp, executable.getParent(), stdin, stdout[1], stderr[1]);
            }
            if (error == 0) {
                started = new SpawnedProcess(pid[0], stdout[0], stderr[0]);
            }
        } finally {
            Libc.close(stdout[1]);
            if (stderr != null) {
                Libc.close(stderr[1]);
            }
            if (started == null) {
                Libc.close(stdout[0]);
                if (stderr != null) {
                    Libc.close(stderr[0]);
                }
            }
        }
        if (started == null) {
            throw new IOException("Cannot run program \"" + script + "\": error=" + error);
        }
        return started;
    }

    /** @return 0, or the error number posix_spawn returned */
    private int spawn(int[] pid, String path, String[] argv, String[] envp, Path directory, Path stdin, int stdout, int stderr) {
        try (Memory actions = new Memory(Libc.FILE_ACTIONS_BYTES);
             Memory attributes = new Memory(Libc.ATTRIBUTES_BYTES);
             Memory signals = new Memory(Libc.SIGSET_BYTES);
             StringArray arguments = new StringArray(argv, encoding.name());
             StringArray variables = new StringArray(envp, encoding.name())) {
            Libc.posix_spawn_file_actions_init(actions);
            Libc.posix_spawnattr_init(attributes);
            try {
                Libc.posix_spawn_file_actions_addopen(actions, 0, bytes(stdin == null ? "/dev/null" : stdin.toString()), Libc.O_RDONLY, 0);
                Libc.posix_spawn_file_actions_adddup2(actions, stdout, 1);
                Libc.posix_spawn_file_actions_adddup2(actions, stderr, 2);
                Libc.posix_spawn_file_actions_addchdir_np(actions, bytes(directory.toString()));
                Libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
                Libc.sigemptyset(signals);
                Libc.posix_spawnattr_setsigmask(attributes, signals);
                Libc.sigfillset(signals);
                Libc.posix_spawnattr_setsigdefault(attributes, signals);
                Libc.posix_spawnattr_setflags(attributes,
                        (short) (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF));
                return Libc.posix_spawn(pid, bytes(path), actions, attributes, arguments, variables);
            } finally {
                Libc.posix_spawnattr_destroy(attributes);
                Libc.posix_spawn_file_actions_destroy(actions);
            }
        }
    }

    /** Both ends close on exec: the child gets its end as stdout or stderr by dup2, which clears the flag. */
    private static int[] pipe() throws IOException {
        int[] fds = new int[2];
        try {
            Libc.pipe2(fds, Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("no pipe for a script: " + e.getMessage(), e);
        }
        return fds;
    }

    /** As ProcessBuilder checks: a NUL would silently cut the variable. */
    private static String variable(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid environment variable " + name.replace('\0', '?'));
        }
        return name + '=' + value;
    }

    private byte[] bytes(String text) {
        byte[] encoded = text.getBytes(encoding);
        return Arrays.copyOf(encoded, encoded.length + 1); // NUL-terminated
    }
}
