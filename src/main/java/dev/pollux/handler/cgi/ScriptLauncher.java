package dev.pollux.handler.cgi;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a script's process: in its own directory, with an empty stdin (or a Titan upload's body) and exactly the
 * given environment, and, where the machine allows it, as the leader of a session of its own. Everything the script
 * starts inherits the session, so the session is how its processes are found later, even once they have lost their
 * parent.
 *
 * <p>Java cannot call setsid(2). Where the C library can start a process in a new session in one step (glibc 2.34
 * and later, reached through JNA), {@link SessionSpawner} does. Elsewhere the script is started through
 * util-linux's setsid(1), which calls setsid(2) and then execs the script in the same process: the PID Java sees is
 * the script's either way, and its session ID is that PID. setsid(1) forks first only when its caller leads a process
 * group, and a process Java has just started never does (it is in the JVM's group). That costs an exec more per
 * script (the dynamic loader and libc starting once more), about half of what the children of a one-line script cost.
 *
 * <p>On Linux with JDK 17 to 24, processes started through setsid(1) are started with {@code vfork} rather than the
 * default {@code posix_spawn}, unless {@code jdk.lang.Process.launchMechanism} is set: posix_spawn execs the JDK's
 * {@code jspawnhelper}, which then execs the command, a third exec. The mechanism is deprecated in JDK 25 and removed
 * in 26, hence the bound. It is read once, when the JDK starts its first process.
 */
final class ScriptLauncher {

    static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    private static final Logger log = LoggerFactory.getLogger(ScriptLauncher.class);
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final File NO_INPUT = new File("/dev/null");

    private final boolean spawnNatively;
    private final Path setsid;

    /** @param setsid setsid(1), or null to start scripts in the server's own session */
    ScriptLauncher(Path setsid) {
        this(false, setsid);
    }

    private ScriptLauncher(boolean spawnNatively, Path setsid) {
        this.spawnNatively = spawnNatively;
        this.setsid = setsid;
    }

    /**
     * Sessions where this machine has {@code /proc} to find their members by, and a way to start them. JNA is
     * loaded when the first script starts (about 0.1 s), not on the way to the first answer, unless this machine
     * has no setsid(1) to fall back on.
     */
    static ScriptLauncher forThisMachine() {
        preferVfork();
        Path found = SETSID.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (!ProcessTable.available() || (found == null && !Libc.available())) {
            log.warn("CGI scripts run without a session of their own (this machine has no /proc, or neither setsid(1) "
                    + "nor a C library that starts sessions through JNA): "
                    + "a process a script leaves behind once it has lost its parent is not found or killed");
            return new ScriptLauncher(null);
        }
        return new ScriptLauncher(true, found);
    }

    /** Whether each script leads a session of its own. */
    boolean sessions() {
        return spawnNatively || setsid != null;
    }

    /**
     * Blocking: forks and execs.
     *
     * @param stdin the file the script reads as its stdin, or null for none
     */
    Process start(Path executable, Map<String, String> environment, Path stdin) throws IOException {
        if (spawnNatively && NativeSpawning.SPAWNER != null) {
            return NativeSpawning.SPAWNER.start(executable, environment, stdin);
        }
        List<String> command = new ArrayList<>(2);
        if (setsid != null) {
            command.add(setsid.toString());
        }
        command.add(executable.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(executable.getParent().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(stdin == null ? NO_INPUT : stdin.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Initialised with the first script: binding the C library loads JNA. */
    private static final class NativeSpawning {

        static final SessionSpawner SPAWNER = spawner();

        private static SessionSpawner spawner() {
            if (Libc.available()) {
                return new SessionSpawner();
            }
            log.info("CGI scripts start through setsid(1), an exec more per script: the C library cannot start them in "
                    + "a session of their own through JNA ({})", Libc.unavailable().toString());
            return null;
        }
    }

    private static void preferVfork() {
        if (System.getProperty(LAUNCH_MECHANISM) == null && "Linux".equals(System.getProperty("os.name"))
                && Runtime.version().feature() < 25) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
    }
}
