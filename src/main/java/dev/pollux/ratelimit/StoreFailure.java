package dev.pollux.ratelimit;

import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.springframework.dao.DataAccessResourceFailureException;

/** Why the shared store gave no answer, as a metric tag. */
public enum StoreFailure {
    /** No answer within {@code pollux.rate-limit-store-timeout} (or Lettuce's own command timeout). */
    TIMEOUT("timeout"),
    /** Not connected: never was, the connection dropped, or commands are refused while it reconnects. */
    UNAVAILABLE("unavailable"),
    /** An answer that was an error, such as a script Redis refused to run. */
    ERROR("error");

    private final String tag;

    StoreFailure(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    static StoreFailure of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException) {
                return TIMEOUT;
            }
            if (cause instanceof StoreNotConnectedException || cause instanceof RedisConnectionException
                    || cause instanceof DataAccessResourceFailureException || isRejectedWhileDisconnected(cause)) {
                return UNAVAILABLE;
            }
        }
        return ERROR;
    }

    /** Lettuce refuses commands this way while it reconnects (ClientOptions.DisconnectedBehavior.REJECT_COMMANDS). */
    private static boolean isRejectedWhileDisconnected(Throwable cause) {
        return cause instanceof RedisException && String.valueOf(cause.getMessage()).contains("not connected");
    }
}
