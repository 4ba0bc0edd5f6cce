package dev.pollux.handler.cgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a script's stderr to the server log (logger {@code pollux.cgi}, WARN), one entry per line
 * with the script's name. Bounded: long lines are cut, and after a number of lines the rest is
 * read and dropped, so a noisy script can neither fill the log nor the server's memory nor block
 * on a full pipe. Blocking: runs on the CGI scheduler until the stream ends.
 */
final class ScriptErrorLog {

    static final int MAX_LINE_BYTES = 1024;
    static final int MAX_LINES = 100;

    private static final Logger log = LoggerFactory.getLogger("pollux.cgi");

    private ScriptErrorLog() {
    }

    static void drain(String script, InputStream stderr) {
        int lines = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean cut = false;
        byte[] buffer = new byte[8192];
        try (stderr) {
            int read;
            while ((read = stderr.read(buffer)) >= 0) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines = emit(script, line, cut, lines);
                        line.reset();
                        cut = false;
                    } else if (line.size() < MAX_LINE_BYTES) {
                        line.write(b);
                    } else {
                        cut = true;
                    }
                }
            }
            if (line.size() > 0) {
                emit(script, line, cut, lines);
            }
        } catch (IOException e) {
            // the process was killed and its pipe closed: nothing more to log
        }
    }

    private static int emit(String script, ByteArrayOutputStream line, boolean cut, int lines) {
        if (lines < MAX_LINES) {
            String text = line.toString(StandardCharsets.UTF_8);
            text = (text.endsWith("\r") ? text.substring(0, text.length() - 1) : text).replaceAll("\\p{Cntrl}", "?");
            log.warn("{}: {}{}", script, text, cut ? " [cut]" : "");
        } else if (lines == MAX_LINES) {
            log.warn("{}: further stderr output dropped", script);
        }
        return lines + 1;
    }
}
