package io.lakehouse.queryd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of queryd. */
@SpringBootApplication
public class QuerydApplication {
    public static void main(String[] args) {
        // The driver builds java.sql.Timestamp for TIMESTAMP values nested in lists and structs through the default
        // zone; in UTC (the lake's zone) no local time falls into a daylight-saving gap.
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        SpringApplication.run(QuerydApplication.class, args);
    }
}
