package dev.pollux;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Starts Pollux; each package under {@code dev.pollux} wires its own beans. */
@SpringBootApplication
public class PolluxApplication {

    public static void main(String[] args) {
        JetforceArguments arguments = JetforceArguments.parse(args);
        if (arguments.exitMessage() != null) {
            System.out.println(arguments.exitMessage());
            System.exit(arguments.exitStatus());
        }
        SpringApplication.run(PolluxApplication.class, arguments.springArgumentsArray());
    }

    /** Time for certificates, rate limits and logs; tests replace it to move time without sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
