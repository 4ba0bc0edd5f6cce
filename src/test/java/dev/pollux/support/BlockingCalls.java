package dev.pollux.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.blockhound.BlockHound;

/**
 * BlockHound, installed once for the JVM of the non-blocking tests (see pom.xml), recording every blocking call on a
 * Netty event-loop or Reactor non-blocking thread instead of throwing, so a test can show them all.
 */
public final class BlockingCalls {

    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private BlockingCalls() {
    }

    /** Installs BlockHound on first use; the returned list fills as blocking calls happen. */
    public static synchronized List<String> watch() {
        if (!installed) {
            BlockHound.install(builder -> builder
                    // the console log: a synchronous appender by Spring Boot's default, on purpose (see the note on issue 2)
                    .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                    .blockingMethodCallback(method -> calls.add(method + " on " + Thread.currentThread().getName()
                            + " at " + List.of(new Throwable().getStackTrace()).subList(0, 12))));
            installed = true;
        }
        return calls;
    }
}
