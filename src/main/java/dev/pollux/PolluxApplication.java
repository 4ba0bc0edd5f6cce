package dev.pollux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

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
}
