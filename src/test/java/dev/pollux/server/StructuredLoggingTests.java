package dev.pollux.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;
import dev.pollux.PolluxApplication;
import dev.pollux.support.GeminiTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** One switch, Spring's structured console logging, makes every log line JSON and the access log's fields JSON fields. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

    @TempDir
    Path base;

    @Test
    void writesAccessLogFieldsAsJsonFields(CapturedOutput output) throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# JSON\n");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class)
                .run("--logging.structured.format.console=logstash", "--management.server.port=0",
                        "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                        "--pollux.tls.certificate-directory=" + base.resolve("certs"), "--pollux.capsules[0].root=" + base)) {
            int port = context.getBean(GeminiServer.class).port();
            new GeminiTestClient(port).get("gemini://localhost:" + port + "/index.gmi");
        }
        ObjectMapper json = new ObjectMapper();
        String accessLine = output.getOut().lines().filter(line -> line.contains("\"logger_name\":\"pollux.access\"")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> access = json.readValue(accessLine, Map.class);
        assertThat(access).containsEntry("capsule", "localhost").containsEntry("status", "20")
                .containsEntry("meta", "text/gemini").containsEntry("certificate", "-").containsEntry("handler", "static-file").containsKeys("client", "bytes", "duration_ms");
        assertThat(access.get("request")).asString().matches("gemini://localhost:\\d+/index.gmi").doesNotContain(":1965/");
        assertThat(output.getOut().lines().filter(line -> line.contains("Gemini server listening")))
                .allSatisfy(line -> assertThat(json.readValue(line, Map.class)).containsKey("@timestamp"));
    }
}
