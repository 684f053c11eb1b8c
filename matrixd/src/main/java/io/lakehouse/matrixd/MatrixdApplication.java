package io.lakehouse.matrixd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of matrixd. */
@SpringBootApplication
public class MatrixdApplication {
    public static void main(String[] args) {
        SpringApplication.run(MatrixdApplication.class, args);
    }
}
