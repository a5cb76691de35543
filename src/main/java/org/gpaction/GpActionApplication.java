package org.gpaction;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "GP Action", sharedModules = "common")
public class GpActionApplication {

    public static void main(String[] args) {
        SpringApplication.run(GpActionApplication.class, args);
    }
}
