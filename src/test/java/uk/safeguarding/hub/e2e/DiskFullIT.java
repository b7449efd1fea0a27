package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The disk fills and empties again: the packaged hub with its data directory on a small file system of its own (a
 * 160 MiB tmpfs), filled to its last byte while a drug service keeps sending. While full, every message is refused
 * with 503 and health is DOWN. Once the space is back, the hub accepts again by itself, with no restart; every
 * share accepted before is delivered once, and the audit chain verifies.
 */
class DiskFullIT {

    static final Path DATA = Path.of("target/disk-full-" + UUID.randomUUID()).toAbsolutePath();
    static HubProcess hub;

    static boolean mounted() throws Exception {
        Files.createDirectories(DATA);
        Process mount = new ProcessBuilder(
                        "mount", "-t", "tmpfs", "-o", "size=160m,mode=0700", "tmpfs", DATA.toString())
                .redirectErrorStream(true)
                .start();
        return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

    @AfterAll
    static void unmount() throws Exception {
        if (hub != null) {
            hub.stop();
        }
        try {
            new ProcessBuilder("umount", DATA.toString()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException noMount) {
            // nothing was mounted
        }
    }

    /** Fills the file system: a file written until the disk says it is full. */
    static Path fill() throws IOException {
        Path filler = DATA.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (FileOutputStream out = new FileOutputStream(filler.toFile())) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left on the device: that is the point
        }
        return filler;
    }

    static int send(AgencyClient drug, String id) throws Exception {
        return drug.post(HubTestBase.PROCESS, CrashSafetyIT.message("amy-screening.json", id))
                .statusCode();
    }

    @Test
    void aFullDiskRefusesMessagesAndTheHubRecoversByItselfWhenSpaceReturns() throws Exception {
        Assumptions.assumeTrue(mounted(), "cannot mount a tmpfs here (needs root): the disk-full test is skipped");
        hub = new HubProcess(DATA.resolve("data").toString()).start();
        AgencyClient drug = AgencyClient.as("drug-service", hub.port);
        AgencyClient anyone = AgencyClient.anonymous(hub.port);
        Set<String> expected = ConcurrentHashMap.newKeySet();
        CrashSafetyIT.expect(
                expected,
                CrashSafetyIT.deliver(drug, CrashSafetyIT.message("amy-consent-csc-gp.json", "disk-consent")));
        CrashSafetyIT.expect(
                expected,
                CrashSafetyIT.deliver(
                        AgencyClient.as("social-care", hub.port),
                        CrashSafetyIT.message("kai-cpp-start.json", "disk-plan")));
        for (int i = 0; i < 5; i++) {
            CrashSafetyIT.expect(
                    expected,
                    CrashSafetyIT.deliver(drug, CrashSafetyIT.message("amy-screening.json", "disk-before-" + i)));
        }
        assertThat(anyone.get("/actuator/health").statusCode()).isEqualTo(200);

        Path filler = fill();
        int refused = 0;
        for (int i = 0; i < 40 && refused < 5; i++) {
            int status = send(drug, "disk-full-" + i);
            assertThat(status)
                    .as("accepted or refused to be sent again, nothing else")
                    .isIn(200, 503);
            refused += status == 503 ? 1 : 0;
        }
        assertThat(refused).as("messages refused while the disk is full").isEqualTo(5);
        await().atMost(60, TimeUnit.SECONDS)
                .until(() -> anyone.get("/actuator/health").statusCode() == 503);

        Files.delete(filler);
        // Back by itself: no restart. Each message refused while full is sent again, and accepted once.
        await().atMost(120, TimeUnit.SECONDS)
                .pollInterval(1, TimeUnit.SECONDS)
                .until(() -> send(drug, "disk-after") == 200);
        CrashSafetyIT.expect(
                expected, CrashSafetyIT.deliver(drug, CrashSafetyIT.message("amy-screening.json", "disk-after")));
        for (int i = 0; i < 40; i++) {
            CrashSafetyIT.expect(
                    expected,
                    CrashSafetyIT.deliver(drug, CrashSafetyIT.message("amy-screening.json", "disk-full-" + i)));
        }
        await().atMost(60, TimeUnit.SECONDS)
                .until(() -> anyone.get("/actuator/health").statusCode() == 200);
        CrashSafetyIT.deliveredOnceEachWithAValidChain(hub.port, expected);
        assertThat(hub.log()).contains("No space left on device");
    }
}
