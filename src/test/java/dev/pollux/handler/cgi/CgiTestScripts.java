package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;

/** A capsule root with real {@code #!/bin/sh} CGI scripts, and a data directory they write markers and PID files to. */
public final class CgiTestScripts {

    public static final int CHUNK_BYTES = 1024 * 1024;
    public static final int CHUNKS = 100;

    /** Scripts whose first line is not a valid header; each must answer {@code 42 Script returned an invalid header}. */
    public static final Map<String, String> INVALID_HEADERS = Map.of(
            "no-space.sh", "printf '20text/plain\\r\\n'",
            "undefined-status.sh", "printf '99 What\\r\\n'",
            "one-digit.sh", "printf '2 text/plain\\r\\n'",
            "not-a-header.sh", "echo hello",
            "empty-line.sh", "printf '\\r\\n'",
            "long-meta.sh", "printf '20 '; head -c 1025 /dev/zero | tr '\\000' a; printf '\\r\\n'",
            "cr-in-meta.sh", "printf '20 text/plain\\rX\\r\\n'",
            "bad-utf8.sh", "printf '20 text/\\377\\r\\n'");

    private CgiTestScripts() {
    }

    /** Creates {@code base/root} (returned) with its scripts, and {@code base/data} with a 1 MiB chunk of random bytes. */
    public static Path create(Path base) {
        try {
            Path data = Files.createDirectories(base.resolve("data"));
            byte[] chunk = new byte[CHUNK_BYTES];
            new Random(7).nextBytes(chunk);
            Files.write(data.resolve("chunk.bin"), chunk);

            Path root = Files.createDirectories(base.resolve("root"));
            Files.writeString(root.resolve("index.gmi"), "# Static\n");
            Path cgi = Files.createDirectories(root.resolve("cgi-bin"));
            script(cgi.resolve("env.sh"), "printf '20 text/plain\\r\\n'\nenv");
            script(cgi.resolve("input.sh"), """
                    if [ -z "$QUERY_STRING" ]; then
                      printf '10 Your name?\\r\\n'
                    else
                      printf '20 text/plain\\r\\nHello %s\\n' "$QUERY_STRING"
                    fi""");
            script(cgi.resolve("lf-header.sh"), "printf '20 text/gemini\\n# Hi\\r\\n\\000\\377end'");
            script(cgi.resolve("not-found.sh"), "printf '51 Nothing here\\r\\nnot a body'");
            script(cgi.resolve("meta-1024.sh"), "printf '51 '; head -c 1024 /dev/zero | tr '\\000' a; printf '\\r\\n'");
            script(cgi.resolve("silent.sh"), "exit 0");
            script(cgi.resolve("fails.sh"), "echo 'something broke' >&2\nexit 3");
            script(cgi.resolve("no-newline.sh"), "printf '20 text/plain'");
            script(cgi.resolve("header-then-fail.sh"), "printf '20 text/plain\\r\\npartial'\nexit 1");
            script(cgi.resolve("header-then-crash.sh"), "printf '20 text/plain\\r\\npartial'\nkill -9 $$");
            script(cgi.resolve("stderr.sh"), "echo 'first problem' >&2\necho 'second problem' >&2\nprintf '20 text/plain\\r\\nok'");
            for (Map.Entry<String, String> invalid : INVALID_HEADERS.entrySet()) {
                script(cgi.resolve(invalid.getKey()), invalid.getValue());
            }
            Files.writeString(cgi.resolve("bad-interpreter.sh"), "#!/nonexistent/interpreter\n");
            Files.setPosixFilePermissions(cgi.resolve("bad-interpreter.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            // waits, silent, until released; records its PID and its child's
            script(cgi.resolve("hang.sh"), """
                    echo $$ > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    sleep 60 &
                    echo $! > "$TEST_DATA_DIR/$QUERY_STRING-child.pid"
                    wait""");
            script(cgi.resolve("endless.sh"), """
                    echo $$ > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    printf '20 text/plain\\r\\n'
                    exec yes""");
            script(cgi.resolve("wait.sh"), """
                    touch "$TEST_DATA_DIR/started-$QUERY_STRING"
                    while [ ! -e "$TEST_DATA_DIR/release-$QUERY_STRING" ]; do sleep 0.1; done
                    printf '20 text/plain\\r\\ndone %s' "$QUERY_STRING\"""");
            script(cgi.resolve("big.sh"), """
                    printf '20 application/octet-stream\\r\\n'
                    i=0
                    while [ $i -lt %d ]; do cat "$TEST_DATA_DIR/chunk.bin"; i=$((i + 1)); done""".formatted(CHUNKS));
            script(cgi.resolve("flood.sh"), """
                    printf '20 application/octet-stream\\r\\n'
                    head -c %d /dev/zero
                    touch "$TEST_DATA_DIR/$QUERY_STRING-done\"""".formatted(CHUNK_BYTES * CHUNKS));
            // its PID, parent, process group and session, as the kernel sees them
            script(cgi.resolve("session.sh"), """
                    read -r pid name state parent group session rest < /proc/self/stat
                    printf '20 text/plain\\r\\n%s %s %s %s' "$pid" "$parent" "$group" "$session\"""");
            // exits at once, leaving a process that neither holds its output nor has a parent any more
            script(cgi.resolve("orphan.sh"), """
                    sleep 600 > /dev/null 2>&1 &
                    echo $! > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    printf '20 text/plain\\r\\nleft one behind'""");
            // the same, but the process left behind holds the output open: the body ends anyway
            script(cgi.resolve("orphan-holding-output.sh"), """
                    sleep 600 &
                    echo $! > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    printf '20 text/plain\\r\\nleft one behind'""");
            // silent until killed, with a child whose own child moved to a session of its own (its PID
            // file is written once it has)
            script(cgi.resolve("hang-escapee.sh"), """
                    echo $$ > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    sh -c '
                      setsid sleep 600 &
                      until [ "$(cut -d " " -f 6 /proc/$!/stat)" = "$!" ]; do sleep 0.01; done
                      echo $! > "$TEST_DATA_DIR/$QUERY_STRING-escapee.pid"
                      wait' &
                    echo $! > "$TEST_DATA_DIR/$QUERY_STRING-child.pid"
                    wait""");
            // silent until killed, after leaving an orphan in its session
            script(cgi.resolve("hang-orphan.sh"), """
                    echo $$ > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    sh -c 'sleep 600 > /dev/null 2>&1 & echo $! > "$TEST_DATA_DIR/$QUERY_STRING-orphan.pid"'
                    exec sleep 600""");
            // endless output from the script, with a child and an orphan of that child in its session
            script(cgi.resolve("endless-family.sh"), """
                    echo $$ > "$TEST_DATA_DIR/$QUERY_STRING.pid"
                    sleep 600 &
                    echo $! > "$TEST_DATA_DIR/$QUERY_STRING-child.pid"
                    sh -c 'sleep 600 > /dev/null 2>&1 & echo $! > "$TEST_DATA_DIR/$QUERY_STRING-orphan.pid"'
                    printf '20 text/plain\\r\\n'
                    exec yes""");
            Files.writeString(cgi.resolve("source.sh"), "#!/bin/sh\necho SECRET SOURCE\n");
            script(cgi.resolve(".hidden.sh"), "printf '20 text/plain\\r\\nhidden'");
            Path sub = Files.createDirectories(cgi.resolve("sub"));
            script(sub.resolve("deep.sh"), "printf '20 text/plain\\r\\n'\nenv");
            Path scripts = Files.createDirectories(root.resolve("scripts"));
            script(scripts.resolve("env.sh"), "printf '20 text/plain\\r\\n'\nenv");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
