package dev.pollux.tls;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ticket-key file: one base64 key a line, comments and blank lines ignored, and errors that name the line. */
class SessionTicketKeysTests {

    private static String key(int fill) {
        byte[] bytes = new byte[SessionTicketKeys.KEY_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (fill + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void splitsEachKeyIntoNameHmacAndAesKeysInFileOrder() {
        SessionTicketKeys keys = SessionTicketKeys.parse("# rotated weekly\n" + key(0) + "\r\n\n  " + key(100) + "  \n");
        assertThat(keys.keys()).hasSize(2);
        SessionTicketKeys.Key first = keys.keys().get(0);
        assertThat(first.name()).hasSize(16).startsWith(0, 1, 2);
        assertThat(first.hmacKey()).hasSize(16).startsWith(16, 17);
        assertThat(first.aesKey()).hasSize(16).startsWith(32, 33);
        assertThat(keys.keys().get(1).name()).startsWith(100);
    }

    @Test
    void refusesAFileThatCannotWork() {
        assertThatThrownBy(() -> SessionTicketKeys.parse("# nothing yet\n\n")).hasMessageContaining("holds no key");
        assertThatThrownBy(() -> SessionTicketKeys.parse(key(0) + "\nnot base64!\n")).hasMessage("line 2 is not base64");
        assertThatThrownBy(() -> SessionTicketKeys.parse(Base64.getEncoder().encodeToString(new byte[80])))
                .hasMessageStartingWith("line 1 holds 80 bytes, not 48");
    }
}
