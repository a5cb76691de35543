package org.gpaction;

import org.gpaction.ballots.BallotCommands;
import org.gpaction.capacity.ReplayCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "GP Action", sharedModules = "common")
public class GpActionApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(args, System.out, System.err));
        }
        if (BallotCommands.handles(args)) {
            System.exit(BallotCommands.run(args, System.out, System.err));
        }
        SpringApplication.run(GpActionApplication.class, args);
    }
}
