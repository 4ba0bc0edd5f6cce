package dev.pollux.handler.cgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * The sessions of running scripts, and how each ends. A session ends when its script exits or is
 * killed: then it is swept, that is its remaining processes are looked up in {@code /proc} and
 * killed, again until none is left. Only then is it {@linkplain Session#over() over}, so a
 * process a script left behind keeps holding the script's concurrency permit until it is gone.
 *
 * <p>A session's processes are those with its session ID (the script's PID), and, while the
 * script runs, everything descending from one of them: a child that called setsid(2) is still
 * found through its parent, as long as that parent is alive. A process that moved to a session of
 * its own and whose parent has exited (a deliberate double fork) cannot be told from any other
 * process on the machine, and is not found.
 *
 * <p>Sweeps never run on the caller's thread (except on shutdown): they run one at a time on the
 * given scheduler, and one pass over {@code /proc} serves every session that is ending. Members of
 * a session are started after its script, so their PIDs come after the script's in the order the
 * kernel hands PIDs out; a sweep of sessions younger than a second reads only those PIDs, unless
 * the PID counter has wrapped around since. Older sessions are swept with a full pass, at most
 * once a second each.
 */
final class ScriptSessions {

    private static final Logger log = LoggerFactory.getLogger(ScriptSessions.class);

    /** Young enough that the PID counter cannot have gone all the way round since the script started. */
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LAST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ProcessTable table;
    private final Scheduler scheduler;
    private final Scheduler exitWaits;
    private final Map<Long, Session> live = new ConcurrentHashMap<>();
    private final AtomicInteger sweepsWanted = new AtomicInteger();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();

    /**
     * @param table     the process table; null where scripts do not lead sessions of their own, and
     *                  only a script and its descendants at the time are killed
     * @param scheduler where sweeps run (they read {@code /proc})
     * @param exitWaits where each script's exit is waited for: a thread blocked per running script
     */
    ScriptSessions(ProcessTable table, Scheduler scheduler, Scheduler exitWaits) {
        this.table = table;
        this.scheduler = scheduler;
        this.exitWaits = exitWaits;
    }

    /** One script's session, from the script's start until none of its processes is left. */
    final class Session {

        private final String name;
        private final Process script;
        private final long startedNanos = System.nanoTime();
        private final CompletableFuture<Void> over = new CompletableFuture<>();
        private volatile boolean ending;
        private volatile boolean killing;
        private long nextSweepNanos = startedNanos;
        private long retryNanos = FIRST_RETRY_NANOS;
        private boolean reported;

        private Session(String name, Process script) {
            this.name = name;
            this.script = script;
        }

        /** Completes when the script and every process of its session are gone. */
        CompletableFuture<Void> over() {
            return over;
        }

        private long leader() {
            return script.pid();
        }
    }

    /** Registers a script that has just started; its session ends on its own when the script exits. */
    Session open(String name, Process script) {
        Session session = new Session(name, script);
        live.put(session.leader(), session);
        exitWaits.schedule(() -> awaitExit(session));
        return session;
    }

    /**
     * Blocking. Not {@link Process#onExit()}: on a machine of one or two cores the JDK completes it
     * on a thread started for each process (the common pool has no parallelism there), and it waits
     * for the exit a second time on one of its own threads; here a pooled thread waits once.
     */
    private void awaitExit(Session session) {
        try {
            session.script.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the pool is stopping: the sweep retries until the script is gone
        } finally {
            end(session, false); // whatever happened, the sweep decides from /proc whether anything is left
        }
    }

    /** Ends the session: sweeps away what the script left, and with {@code kill}, the script too. Never blocks. */
    void end(Session session, boolean kill) {
        if (kill) {
            session.killing = true;
        }
        session.ending = true;
        requestSweep();
    }

    /** Shutdown: kills every session and sweeps on the calling thread until all are gone, or {@code wait} has passed. */
    void endAll(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        live.values().forEach(session -> {
            session.killing = true;
            session.ending = true;
        });
        while (!live.isEmpty() && System.nanoTime() < deadline) {
            sweep(true);
            if (!live.isEmpty()) {
                LockSupport.parkNanos(FIRST_RETRY_NANOS);
            }
        }
        if (!live.isEmpty()) {
            log.warn("CGI: {} script sessions still had processes running at shutdown", live.size());
        }
    }

    private void requestSweep() {
        if (sweepsWanted.getAndIncrement() == 0) {
            scheduler.schedule(this::drain);
        }
    }

    /** One sweep for any number of requests that came meanwhile. */
    private void drain() {
        int wanted = 1;
        do {
            long retry = sweep(false);
            if (retry > 0 && retryScheduled.compareAndSet(false, true)) {
                scheduler.schedule(() -> {
                    retryScheduled.set(false);
                    requestSweep();
                }, retry, TimeUnit.NANOSECONDS);
            }
            wanted = sweepsWanted.addAndGet(-wanted);
        } while (wanted != 0);
    }

    /** @return nanoseconds until sessions still ending should be swept again, 0 when none is left */
    private synchronized long sweep(boolean all) {
        long now = System.nanoTime();
        List<Session> due = new ArrayList<>();
        long retry = 0;
        for (Session session : live.values()) {
            if (!session.ending) {
                continue;
            }
            if (all || session.nextSweepNanos - now <= 0) {
                due.add(session);
            } else {
                retry = soonest(retry, session.nextSweepNanos - now);
            }
        }
        if (due.isEmpty()) {
            return retry;
        }
        List<ProcessTable.Entry> entries = table == null ? List.of() : read(due, now);
        for (Session session : due) {
            if (sweep(session, entries)) {
                live.remove(session.leader());
                session.over.complete(null);
            } else {
                // killed processes take a moment to go; ones that cannot be killed are not swept for ever as often
                session.nextSweepNanos = now + session.retryNanos;
                retry = soonest(retry, session.retryNanos);
                session.retryNanos = Math.min(session.retryNanos * 2, LAST_RETRY_NANOS);
            }
        }
        return retry;
    }

    /** Kills what is left of the session; true when nothing was left. */
    private boolean sweep(Session session, List<ProcessTable.Entry> entries) {
        if (table == null) {
            if (session.killing && session.script.isAlive()) {
                List<ProcessHandle> descendants = session.script.descendants().toList();
                session.script.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
            return !session.script.isAlive();
        }
        // after reading /proc: while Java has not reaped the script, its PID cannot have been reused
        boolean scriptRunning = session.script.isAlive();
        List<ProcessTable.Entry> members = members(entries, session.leader(), scriptRunning);
        if (members.isEmpty() && !scriptRunning) {
            return true;
        }
        if (!scriptRunning && !session.killing && !session.reported) {
            session.reported = true;
            log.warn("CGI script {} exited and left {} process(es) running; killed", session.name, members.size());
        }
        if (session.killing || !scriptRunning) {
            for (ProcessTable.Entry member : members) {
                if (member.pid() != session.leader()) {
                    kill(member);
                }
            }
            if (scriptRunning) {
                session.script.destroyForcibly();
            }
        }
        return false;
    }

    private List<ProcessTable.Entry> read(List<Session> due, long now) {
        Set<Long> others = new HashSet<>();
        live.forEach((leader, session) -> {
            if (!session.ending) {
                others.add(leader); // running scripts are children of the JVM: not a member of any session
            }
        });
        long lastPid = table.lastPid();
        long first = Long.MAX_VALUE;
        boolean window = lastPid > 0;
        for (Session session : due) {
            first = Math.min(first, session.leader());
            // a leader above the last PID handed out means the counter wrapped around since
            window &= session.leader() <= lastPid && now - session.startedNanos <= WINDOW_NANOS;
        }
        return window
                ? table.read(first, lastPid, pid -> !others.contains(pid))
                : table.read(pid -> !others.contains(pid));
    }

    /**
     * The live processes of the session: its members and their descendants, and with
     * {@code withLeader} the script's own descendants (the script included).
     */
    static List<ProcessTable.Entry> members(List<ProcessTable.Entry> entries, long leader, boolean withLeader) {
        Set<Long> family = new HashSet<>();
        if (withLeader) {
            family.add(leader);
        }
        for (ProcessTable.Entry entry : entries) {
            if (entry.session() == leader) {
                family.add(entry.pid());
            }
        }
        boolean grew = !family.isEmpty();
        while (grew) {
            grew = false;
            for (ProcessTable.Entry entry : entries) {
                if (family.contains(entry.parent()) && family.add(entry.pid())) {
                    grew = true;
                }
            }
        }
        List<ProcessTable.Entry> members = new ArrayList<>();
        for (ProcessTable.Entry entry : entries) {
            if (family.contains(entry.pid()) && !entry.exited()) {
                members.add(entry);
            }
        }
        return members;
    }

    /** By PID, unless the PID now names another process than the one read. */
    private void kill(ProcessTable.Entry member) {
        ProcessHandle.of(member.pid()).ifPresent(handle -> {
            ProcessTable.Entry now = table.entry(member.pid());
            // the handle was taken between two reads that saw the same process: it is that process
            if (now != null && now.startTicks() == member.startTicks()) {
                handle.destroyForcibly();
            }
        });
    }

    private static long soonest(long current, long candidate) {
        long positive = Math.max(candidate, 1);
        return current == 0 ? positive : Math.min(current, positive);
    }
}
