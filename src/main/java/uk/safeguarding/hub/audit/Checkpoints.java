package uk.safeguarding.hub.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed checkpoints of the chain's head, appended to a file outside the database (as certificate-transparency
 * logs publish signed tree heads): one line {@code seq hash recordedAt signature certificate-fingerprint} whenever
 * the head has moved,
 * every {@code hub.audit.checkpoint-period} and at stop, signed with the hub's own key. Whoever can rewrite the
 * database can cut the chain, move its head back or restore an older copy, but cannot unsign a checkpoint: the
 * verifier compares the chain with every checkpoint. The head is read under the chain's lock, so a checkpoint
 * names a committed head exactly.
 */
public class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final String CONTEXT = "safeguarding-hub audit checkpoint v1\n";

    /** One line of the file; {@code signed} false when its signature does not verify with the hub's certificate. */
    public record Checkpoint(int line, long seq, String hash, String at, boolean signed) {}

    private final Path file;
    private final CheckpointSigner signer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration period;
    private ScheduledExecutorService timer;
    private long lastSeq = -1;

    public Checkpoints(
            Path file,
            PrivateKey key,
            X509Certificate certificate,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Clock clock,
            Duration period) {
        this(file, CheckpointSigner.fixed(key, certificate), jdbc, tx, clock, period);
    }

    public Checkpoints(
            Path file,
            CheckpointSigner signer,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            Clock clock,
            Duration period) {
        this.file = file;
        this.signer = signer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.period = period;
    }

    @PostConstruct
    void start() throws IOException {
        Files.createDirectories(file.getParent());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpoints");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        checkpoint();
                    } catch (RuntimeException e) {
                        log.error(
                                "AUDIT-CHECKPOINT-FAILED the audit checkpoint could not be written to {}: {}",
                                file,
                                e.getMessage());
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn("no final audit checkpoint at stop ({}); the last one written stands", e.getMessage());
        }
    }

    /** Appends a signed checkpoint of the head if it moved since the last one; the checkpointed seq, or -1. */
    public synchronized long checkpoint() {
        Long written = tx.execute(status -> {
            Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
            long seq = ((Number) head.get("SEQ")).longValue();
            if (seq == 0 || seq == lastSeq) {
                return -1L;
            }
            String hash = (String) head.get("HASH");
            String at = Instant.now(clock).toString();
            PrivateKey key = signer.key();
            X509Certificate certificate = signer.certificate();
            append(seq + " " + hash + " " + at + " " + sign(key, certificate, seq, hash, at) + " "
                    + fingerprint(certificate) + "\n");
            lastSeq = seq;
            return seq;
        });
        return written == null ? -1 : written;
    }

    /** Every checkpoint in the file, oldest first (none if there is no file yet). */
    public List<Checkpoint> read() {
        List<Checkpoint> all = new ArrayList<>();
        if (!Files.exists(file)) {
            return all;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split(" ");
                if (f.length != 4 && f.length != 5) {
                    all.add(new Checkpoint(i + 1, -1, null, null, false));
                    continue;
                }
                long seq;
                try {
                    seq = Long.parseLong(f[0]);
                } catch (NumberFormatException e) {
                    all.add(new Checkpoint(i + 1, -1, null, null, false));
                    continue;
                }
                // A line of four fields was written before lines named their signer's certificate.
                Optional<X509Certificate> by =
                        f.length == 5 ? signer.signedWith(f[4]) : Optional.of(signer.certificate());
                all.add(new Checkpoint(
                        i + 1, seq, f[1], f[2], by.isPresent() && verifies(by.get(), seq, f[1], f[2], f[3])));
            }
            return all;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the audit checkpoints " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(String line) {
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sign(PrivateKey key, X509Certificate certificate, long seq, String hash, String at) {
        try {
            Signature signature = Signature.getInstance(algorithm(certificate));
            signature.initSign(key);
            signature.update(signed(seq, hash, at));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit checkpoint: " + e.getMessage(), e);
        }
    }

    private static boolean verifies(X509Certificate certificate, long seq, String hash, String at, String base64) {
        try {
            Signature signature = Signature.getInstance(algorithm(certificate));
            signature.initVerify(certificate.getPublicKey());
            signature.update(signed(seq, hash, at));
            return signature.verify(Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] signed(long seq, String hash, String at) {
        return (CONTEXT + seq + "\n" + hash + "\n" + at).getBytes(StandardCharsets.UTF_8);
    }

    private static String algorithm(X509Certificate certificate) {
        return "EC".equals(certificate.getPublicKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
