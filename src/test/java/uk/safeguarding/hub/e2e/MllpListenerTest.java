package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MLLP listener over TLS against what a hostile or broken sender does, with a well-behaved sender beside it:
 * each bad frame is answered or cut at the limit, the good messages get AA, and nothing a sender sent (an NHS
 * number, a name, any segment) reaches the log of any logger at the hub's levels.
 */
class MllpListenerTest extends HubTestBase {

    static final String MUM = "9990000417";
    static final String CHILD = "9990000425";
    static final String FAMILY_NAME = "Quennellford";
    static final String GIVEN_NAME = "Marisabel";
    static final int LIMIT = 1_048_576;

    String oru(String controlId) throws IOException {
        return Hl7MllpTest.family(Files.readString(Path.of(Hl7MllpTest.ORU)), MUM, CHILD)
                .replace("Example^Amy", FAMILY_NAME + "^" + GIVEN_NAME)
                .replace("ex-oru-1", controlId);
    }

    /** The ORU's MSH and PID (the person) followed by clinical text, {@code size} bytes in all, unframed. */
    byte[] bigMessage(String controlId, int size) throws IOException {
        String start = oru(controlId).split("OBR\\|")[0] + "NTE|1||";
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        byte[] head = start.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    @Test
    void hostileFramesAreAnsweredOrCutAndNothingSentReachesTheLog() throws Exception {
        String plan = Hl7MllpTest.family(
                        Files.readString(Path.of("src/test/resources/scenarios/messages/kai-cpp-start.json")),
                        MUM,
                        CHILD)
                .replace("kai-cpp-start", "listener-plan");
        assertThat(as("social-care").post(PROCESS, plan).statusCode()).isEqualTo(200);
        int refusedBefore = jdbc.queryForObject(
                "SELECT COUNT(*) FROM quarantine WHERE sender_agency = 'drug-service' AND status = 413", Integer.class);

        try (CapturedLog log = new CapturedLog()) {
            // An oversize frame, terminated: AE answering its MSH at the limit, and the connection closed.
            try (MllpSocket big = new MllpSocket("drug-service", MLLP_PORT)) {
                byte[] oversize = framed(bigMessage("big-1", 2 * LIMIT));
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> writeQuietly(big, oversize));
                assertThat(big.readAck()).contains("MSA|AE|big-1|message larger than 1048576 bytes");
                assertThat(big.closedByHub()).isTrue();
                sending.get(60, TimeUnit.SECONDS);
            }

            // An unterminated 8 MiB frame, sent slowly: another sender's good message gets AA meanwhile; the
            // frame is cut at the limit with an AE and the connection closed, without the rest being read.
            try (MllpSocket endless = new MllpSocket("drug-service", MLLP_PORT)) {
                byte[] body = bigMessage("endless-1", 8 * LIMIT);
                endless.write(new byte[] {MllpSocket.START});
                endless.write(Arrays.copyOf(body, LIMIT / 2));
                try (MllpSocket other = new MllpSocket("drug-service", MLLP_PORT)) {
                    other.write(MllpSocket.frame(oru("meanwhile-1")));
                    assertThat(other.readAck()).contains("MSA|AA|meanwhile-1|accepted as ");
                }
                CountDownLatch cut = new CountDownLatch(1);
                CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> {
                    writeQuietly(endless, Arrays.copyOfRange(body, LIMIT / 2, body.length));
                    cut.countDown();
                });
                assertThat(endless.readAck()).contains("MSA|AE|endless-1|message larger than 1048576 bytes");
                assertThat(endless.closedByHub()).isTrue();
                assertThat(cut.await(60, TimeUnit.SECONDS))
                        .as("the sender was cut off")
                        .isTrue();
                rest.get(60, TimeUnit.SECONDS);
            }
            assertThat(jdbc.queryForObject(
                            "SELECT COUNT(*) FROM quarantine WHERE sender_agency = 'drug-service' AND status = 413",
                            Integer.class))
                    .as("both refusals kept with their reason, nothing of the message")
                    .isEqualTo(refusedBefore + 2);

            try (MllpSocket mllp = new MllpSocket("drug-service", MLLP_PORT)) {
                // A frame with no MSH, naming the person: AR.
                mllp.write(MllpSocket.frame("PID|1||" + MUM + "^^^NHS^NH||" + FAMILY_NAME + "^" + GIVEN_NAME + "\r"));
                assertThat(mllp.readAck()).contains("MSA|AR");
                // A valid ORU about a known person: AA, on the same connection.
                mllp.write(MllpSocket.frame(oru("valid-1")));
                assertThat(mllp.readAck()).contains("MSA|AA|valid-1|accepted as ");
                // Noise before, between and after frames is dropped; each frame is answered.
                mllp.write(("noise PID|" + MUM + "\r\n").getBytes(StandardCharsets.US_ASCII));
                mllp.write(MllpSocket.frame(oru("between-1")));
                mllp.write(("more noise " + FAMILY_NAME).getBytes(StandardCharsets.US_ASCII));
                mllp.write(MllpSocket.frame(oru("between-2")));
                assertThat(mllp.readAck()).contains("MSA|AA|between-1|");
                assertThat(mllp.readAck()).contains("MSA|AA|between-2|");
            }

            // The message in plain text to the TLS port: no answer, the connection closed.
            try (MllpSocket plain = new MllpSocket(new Socket("localhost", MLLP_PORT))) {
                plain.write(MllpSocket.frame(oru("plain-1")));
                assertThat(plain.readAck()).isNull();
            }

            List<String> lines = log.lines();
            assertThat(lines).as("the listener said what happened").anyMatch(l -> l.contains("went past the limit"));
            assertThat(String.join("\n", lines))
                    .doesNotContain(MUM)
                    .doesNotContain(FAMILY_NAME)
                    .doesNotContain(GIVEN_NAME)
                    .doesNotContain("MSH|")
                    .doesNotContain("PID|")
                    .doesNotContain("NTE|")
                    .doesNotContain("^^^NHS")
                    // The same bytes as a hex dump (Netty quotes a record that is not TLS that way).
                    .doesNotContainIgnoringCase(hex("PID|1||"));
        }
    }

    static byte[] framed(byte[] message) {
        byte[] framed = new byte[message.length + 3];
        framed[0] = MllpSocket.START;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[framed.length - 2] = MllpSocket.END[0];
        framed[framed.length - 1] = MllpSocket.END[1];
        return framed;
    }

    /** Writes until the hub stops reading and closes the connection (expected for a frame over the limit). */
    static void writeQuietly(MllpSocket socket, byte[] bytes) {
        try {
            for (int at = 0; at < bytes.length; at += 64 * 1024) {
                socket.write(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 64 * 1024)));
            }
        } catch (IOException cutOff) {
            // the hub closed the connection
        }
    }

    static String hex(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
