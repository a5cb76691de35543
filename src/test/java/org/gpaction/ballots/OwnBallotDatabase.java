package org.gpaction.ballots;

import java.nio.file.Files;
import org.gpaction.support.TestAdmin;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application on a database of its own, for tests whose ballots open: an opening puts every eligible member on
 * the roll and emails them, which must not reach the shared database's members. Tests extending this share one
 * application context, with a clock a test can hold back for one thread (see {@link HeldClock}).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.test.shared-database=false",
            "gpaction.test.shared-mailbox=false",
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD
        })
@Import(OwnBallotDatabase.Clocks.class)
public abstract class OwnBallotDatabase {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        HeldClock heldClock() {
            return new HeldClock();
        }
    }

    @DynamicPropertySource
    static void ownDataDirectory(DynamicPropertyRegistry registry) throws Exception {
        String dataDir = Files.createTempDirectory("gpaction-drafts-").toString();
        registry.add("gpaction.data-dir", () -> dataDir);
    }
}
