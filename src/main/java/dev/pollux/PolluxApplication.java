package dev.pollux;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Starts Pollux; each package under {@code dev.pollux} wires its own beans. No CGLIB subclass of this class
 * ({@code proxyBeanMethods = false}, as every configuration class here): none of its bean methods calls another.
 */
@SpringBootApplication(proxyBeanMethods = false)
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
