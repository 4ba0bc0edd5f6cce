package dev.pollux.app.examples;

import java.io.IOException;
import java.util.List;

import dev.pollux.app.GeminiResponses;
import dev.pollux.app.GeminiRoute;
import dev.pollux.app.Input;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;

/**
 * {@code /examples/guestbook} lists the entries; {@code /examples/guestbook/sign} asks for one ({@code 10}),
 * and with the answer stores it and redirects ({@code 30}) back to the list. Both methods block on file I/O,
 * which is fine: they return plain values, so Pollux calls them off the event loop.
 */
public class GuestbookExample {

    static final String PATH = "/examples/guestbook";

    private final Guestbook guestbook;

    public GuestbookExample(Guestbook guestbook) {
        this.guestbook = guestbook;
    }

    @GeminiRoute(value = PATH, host = GeminiRoute.DEFAULT_CAPSULE)
    public String list() throws IOException {
        List<String> entries = guestbook.entries();
        StringBuilder page = new StringBuilder("# Guestbook\n\n=> " + PATH + "/sign Sign the guestbook\n\n");
        if (entries.isEmpty()) {
            page.append("Nobody has signed yet.\n");
        }
        // "* " makes each entry a list item, so no entry can turn into a link or a heading
        entries.forEach(entry -> page.append("* ").append(entry).append('\n'));
        return page.toString();
    }

    @GeminiRoute(value = PATH + "/sign", host = GeminiRoute.DEFAULT_CAPSULE)
    public GeminiResponse sign(@Input String entry, GeminiRequest request) throws IOException {
        if (entry == null || Guestbook.clean(entry).isEmpty()) {
            return GeminiResponses.input("Your message for the guestbook");
        }
        guestbook.sign(entry);
        return GeminiResponses.redirect(request.origin() + PATH);
    }
}
