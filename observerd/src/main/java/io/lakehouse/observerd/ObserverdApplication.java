package io.lakehouse.observerd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of observerd. */
@SpringBootApplication
public class ObserverdApplication {
    public static void main(String[] args) {
        SpringApplication.run(ObserverdApplication.class, args);
    }
}
