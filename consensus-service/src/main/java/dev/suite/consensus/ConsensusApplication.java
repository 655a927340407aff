package dev.suite.consensus;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsensusApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsensusApplication.class, args);
    }
}
