package org.example.hello;

import java.time.Duration;

import dev.pollux.app.GeminiResponses;
import dev.pollux.app.GeminiRoute;
import dev.pollux.app.Group;
import dev.pollux.app.Input;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.tls.ClientCertificate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

@Component
public class Greeter {

    /** gemini://host/hello asks for a name (10), then greets; a client certificate's CN is used if there is one. */
    @GeminiRoute("/hello")
    public GeminiResponse hello(@Input String name, ClientCertificate certificate) {
        if (name == null && certificate != null) {
            name = certificate.commonName();
        }
        if (name == null || name.isBlank()) {
            return GeminiResponses.input("What is your name?");
        }
        return GeminiResponses.gemtext("# Hello, " + name + "!\n\n=> /count/3 Count to three\n");
    }

    /** gemini://host/count/3 streams "* 1", "* 2", "* 3", one line a second; it stops when the client leaves. */
    @GeminiRoute("/count/(?<to>\\d{1,3})")
    public Flux<String> count(@Group int to) {
        return Flux.range(1, to).delayElements(Duration.ofSeconds(1)).map(n -> "* " + n);
    }
}
