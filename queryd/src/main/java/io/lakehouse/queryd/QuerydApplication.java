package io.lakehouse.queryd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of queryd. */
@SpringBootApplication
public class QuerydApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuerydApplication.class, args);
    }
}
