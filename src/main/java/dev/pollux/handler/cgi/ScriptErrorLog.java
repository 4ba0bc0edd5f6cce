package dev.pollux.handler.cgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a script's stderr to the server log (logger {@code pollux.cgi}, WARN), one entry per line
 * with the script's name. Bounded: long lines are cut, and after a number of lines the rest is
 * dropped, so a noisy script can neither fill the log nor the server's memory. A CGI script's pipe
 * is {@linkplain #drain drained} on the CGI scheduler; a FastCGI application's STDERR records are
 * {@linkplain #accept fed in} as they arrive, on the connection's event loop (never blocking).
 */
public final class ScriptErrorLog {

    static final int MAX_LINE_BYTES = 1024;
    static final int MAX_LINES = 100;

    private static final Logger log = LoggerFactory.getLogger("pollux.cgi");

    private final String script;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean cut;
    private int lines;

    /** @param script the name each entry starts with */
    public ScriptErrorLog(String script) {
        this.script = script;
    }

    /** Blocking: reads until the stream ends. Never blocks the script on a full pipe. */
    static void drain(String script, InputStream stderr) {
        ScriptErrorLog errors = new ScriptErrorLog(script);
        byte[] buffer = new byte[8192];
        try (stderr) {
            int read;
            while ((read = stderr.read(buffer)) >= 0) {
                errors.accept(ByteBuffer.wrap(buffer, 0, read));
            }
        } catch (IOException e) {
            // the process was killed and its pipe closed: nothing more to log
        }
        errors.end();
    }

    /** The next bytes of the stream. */
    public void accept(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                emit();
            } else if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            } else {
                cut = true;
            }
        }
    }

    /** The stream ended: logs a last line that had no newline. */
    public void end() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        if (lines < MAX_LINES) {
            String text = line.toString(StandardCharsets.UTF_8);
            text = (text.endsWith("\r") ? text.substring(0, text.length() - 1) : text).replaceAll("\\p{Cntrl}", "?");
            log.warn("{}: {}{}", script, text, cut ? " [cut]" : "");
        } else if (lines == MAX_LINES) {
            log.warn("{}: further stderr output dropped", script);
        }
        lines++;
        line.reset();
        cut = false;
    }
}
