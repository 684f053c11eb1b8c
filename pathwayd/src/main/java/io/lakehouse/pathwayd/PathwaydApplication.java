package io.lakehouse.pathwayd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of pathwayd. */
@SpringBootApplication
public class PathwaydApplication {
    public static void main(String[] args) {
        SpringApplication.run(PathwaydApplication.class, args);
    }
}
