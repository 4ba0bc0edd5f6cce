package dev.pollux.handler.cgi;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Linux's process table as {@code /proc} shows it: for each process its parent, session and state.
 * Blocking (it reads files), and not thread-safe (one reused buffer): the caller serialises reads.
 */
final class ProcessTable {

    private static final Path PROC = Path.of("/proc");
    private static final Path LAST_PID = PROC.resolve("sys/kernel/ns_last_pid");

    /** Above this many PIDs, listing {@code /proc} is cheaper than probing each. */
    private static final int PROBE_LIMIT = 256;

    private final byte[] buffer = new byte[1024];

    /** One process, as {@code /proc/<pid>/stat} describes it. */
    record Entry(long pid, char state, long parent, long session, long startTicks) {

        /** Exited: a zombie that waits for its parent to collect it, or dead. It can do nothing more. */
        boolean exited() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    /** True where this machine has a readable {@code /proc} with sessions in it. */
    static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** Every process whose PID passes {@code wanted}. A process that ends while it is being read is left out. */
    List<Entry> read(LongPredicate wanted) {
        String[] names = PROC.toFile().list();
        List<Entry> entries = new ArrayList<>();
        if (names == null) {
            return entries;
        }
        for (String name : names) {
            long pid = pid(name);
            if (pid > 0 && wanted.test(pid)) {
                add(entries, pid);
            }
        }
        return entries;
    }

    /**
     * Every process with a PID from {@code first} to {@code last} that passes {@code wanted}. A short
     * range is probed PID by PID: listing {@code /proc} makes the kernel walk every thread on the
     * machine, which costs far more than a few lookups.
     */
    List<Entry> read(long first, long last, LongPredicate wanted) {
        if (last - first > PROBE_LIMIT) {
            return read(pid -> pid >= first && pid <= last && wanted.test(pid));
        }
        List<Entry> entries = new ArrayList<>();
        for (long pid = first; pid <= last; pid++) {
            // a thread's ID leads to its thread's entry: harmless, it is in its process's session
            if (wanted.test(pid) && new File("/proc/" + pid).exists()) {
                add(entries, pid);
            }
        }
        return entries;
    }

    private void add(List<Entry> entries, long pid) {
        Entry entry = entry(pid);
        if (entry != null) {
            entries.add(entry);
        }
    }

    /** The process with this PID now, or null when there is none. */
    Entry entry(long pid) {
        int length;
        try (FileInputStream in = new FileInputStream(new File("/proc/" + pid + "/stat"))) {
            length = in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            return null; // gone meanwhile
        }
        return parse(pid, buffer, length);
    }

    /**
     * The PID the kernel handed out last in this PID namespace, or -1 where it cannot be read. PIDs
     * are handed out in increasing order until they wrap around at {@code pid_max}.
     */
    long lastPid() {
        try (FileInputStream in = new FileInputStream(LAST_PID.toFile())) {
            int length = in.readNBytes(buffer, 0, buffer.length);
            return Long.parseLong(new String(buffer, 0, length, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Fields after the command name, which is in parentheses and may itself contain ") ". */
    static Entry parse(long pid, byte[] stat, int length) {
        int end = length - 1;
        while (end >= 0 && stat[end] != ')') {
            end--;
        }
        if (end < 0 || end + 2 >= length) {
            return null;
        }
        char state = (char) stat[end + 2];
        long[] fields = new long[20];
        int field = 0;
        long value = 0;
        boolean negative = false;
        for (int i = end + 4; i < length && field < fields.length; i++) {
            byte b = stat[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
            } else if (b == '-') {
                negative = true;
            } else if (b == ' ' || b == '\n') {
                fields[field++] = negative ? -value : value;
                value = 0;
                negative = false;
            } else {
                return null;
            }
        }
        if (field < fields.length) {
            return null;
        }
        // after the state: ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice num_threads itrealvalue starttime (proc(5))
        return new Entry(pid, state, fields[0], fields[2], fields[18]);
    }

    private static long pid(String name) {
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || i > 9) {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
