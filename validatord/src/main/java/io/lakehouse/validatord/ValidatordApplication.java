package io.lakehouse.validatord;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of validatord. */
@SpringBootApplication
public class ValidatordApplication {
    public static void main(String[] args) {
        SpringApplication.run(ValidatordApplication.class, args);
    }
}
