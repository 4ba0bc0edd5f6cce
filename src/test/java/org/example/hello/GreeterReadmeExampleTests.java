package org.example.hello;

import java.nio.file.Path;

import dev.pollux.support.LoopbackServer;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of "Writing Gemini applications" in README.md, word for word, over real TLS. */
@SpringBootTest(classes = dev.pollux.PolluxApplication.class)
@Import(Greeter.class)
class GreeterReadmeExampleTests {

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LoopbackServer.register(registry, base);
    }

    @Test
    void asksForANameThenGreets() throws Exception {
        assertThat(get("/hello").header()).isEqualTo("10 What is your name?\r\n");
        assertThat(get("/hello?Ana%20Mar%C3%ADa").bodyText()).isEqualTo("# Hello, Ana María!\n\n=> /count/3 Count to three\n");
    }

    @Test
    void countsLineByLine() throws Exception {
        var response = get("/count/3");
        assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(response.bodyText()).isEqualTo("* 1\n* 2\n* 3\n");
    }

    private dev.pollux.support.GeminiResponseBytes get(String path) throws Exception {
        return new GeminiTestClient(server.port()).get("gemini://localhost:" + server.port() + path);
    }
}
