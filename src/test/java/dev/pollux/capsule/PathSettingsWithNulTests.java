package dev.pollux.capsule;

import java.nio.file.Path;

import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A NUL character cannot be in a file name. Found by CapsuleCompilationFuzzTests: in these settings it escaped
 * as the JDK's InvalidPathException (a stack trace, or for the index file a 40 on every directory request)
 * instead of failing startup with a message naming the setting.
 */
class PathSettingsWithNulTests {

    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource({
            "pollux.capsules[0].cgi.directory,    cgi-bin",
            "pollux.cgi.directory,                cgi-bin",
            "pollux.capsules[0].user-directories, /home/{user}",
            "pollux.capsules[0].index-file,       index.gmi",
    })
    void failsStartupNamingThePathSetting(String property, String value) {
        String withNul = value.substring(0, 2) + "\0" + value.substring(2);
        PolluxContextRunner.assertStartupFails(PolluxContextRunner.runner(directory), new String[] {property + ":"}, property + "=" + withNul);
    }
}
