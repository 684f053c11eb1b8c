package io.lakehouse.vectord;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of vectord. */
@SpringBootApplication
public class VectordApplication {
    public static void main(String[] args) {
        SpringApplication.run(VectordApplication.class, args);
    }
}
