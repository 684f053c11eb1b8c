package io.lakehouse.materializer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of materializer. */
@SpringBootApplication
public class MaterializerApplication {
    public static void main(String[] args) {
        SpringApplication.run(MaterializerApplication.class, args);
    }
}
