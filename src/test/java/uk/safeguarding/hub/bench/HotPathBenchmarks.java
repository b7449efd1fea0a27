package uk.safeguarding.hub.bench;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.TimeOrderedIds;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.TestAgencies;
import uk.safeguarding.hub.protect.PayloadSealer;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.ConsentRecord;
import uk.safeguarding.hub.register.FamilyFacts;
import uk.safeguarding.hub.register.Pem;

/**
 * The hot parts alone (docs/performance.md): reading a FHIR message (HAPI parse and the catalogue checks), a rule decision for
 * every agency, sealing one share (CMS SignedData in AuthEnvelopedData) against the raw primitives it is made of
 * (one signature with the hub's key, one RSA-OAEP wrap, AES-256-GCM over the content), and an audit append on H2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmarks {

    byte[] screening;
    FhirMessageReader reader;
    PolicyEngine engine;
    InboundMessage message;
    uk.safeguarding.hub.policy.MinimumNecessary minimumNecessary;
    FamilyFacts facts;
    List<Agency> agencies;
    PayloadSealer sealer;
    X509Certificate recipient;
    PrivateKey hubKey;
    byte[] payload;
    AuditTrail audit;
    TransactionTemplate tx;
    DriverManagerDataSource db;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        screening = Files.readAllBytes(Path.of("src/test/resources/messages/examples/screening-result.json"));
        reader = new FhirMessageReader(FhirContext.forR4Cached());
        engine = new PolicyEngine(RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml")));
        message = reader.read(screening, "drug-service");
        minimumNecessary = new uk.safeguarding.hub.policy.MinimumNecessary(FhirContext.forR4Cached());
        agencies = List.of(
                TestAgencies.agency("drug-service", AgencyRole.DRUG_TREATMENT, false),
                TestAgencies.agency("maternity", AgencyRole.MATERNITY, false),
                TestAgencies.agency("social-care", AgencyRole.CHILDRENS_SOCIAL_CARE, true),
                TestAgencies.agency("gp", AgencyRole.GP, false),
                TestAgencies.agency("health-visiting", AgencyRole.HEALTH_VISITOR, false));
        facts = new FamilyFacts(
                "9990000018",
                List.of(new LinkedChild("9990000026", LocalDate.of(2022, 3, 14), null, "MTH")),
                Set.of(),
                Set.of("9990000026"),
                List.of(new ConsentRecord(
                        "drug-service",
                        "active",
                        Set.of(AgencyRole.GP),
                        Set.of("TREAT"),
                        LocalDate.of(2026, 1, 1),
                        null,
                        Instant.parse("2026-01-01T10:00:00Z"))),
                Set.of("social-care", "gp"));
        Path pki = Path.of("target/bench-pki"); // its own keys: nothing read from or written to certs/dev/
        new uk.safeguarding.hub.protect.DevPki(pki).ensure(java.util.List.of("social-care"));
        hubKey = Pem.readPrivateKey(pki.resolve("hub-key.pem"));
        sealer = new PayloadSealer(hubKey, Pem.readCertificate(pki.resolve("hub.pem")));
        recipient = Pem.readCertificate(pki.resolve("social-care.pem"));
        payload = new byte[4096];
        new SecureRandom().nextBytes(payload);

        db = new DriverManagerDataSource(
                "jdbc:h2:file:./target/bench-" + System.nanoTime() + "/db;WRITE_DELAY=0", "hub", "");
        uk.safeguarding.hub.TestDatabase.migrate(db);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        audit = new AuditTrail(
                jdbc,
                java.time.Clock.systemUTC(),
                new uk.safeguarding.hub.audit.ChainKey(
                        java.util.Base64.getEncoder().encodeToString(new byte[32])),
                uk.safeguarding.hub.vault.TestVaults.shared());
        tx = new TransactionTemplate(new DataSourceTransactionManager(db));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        new JdbcTemplate(db).execute("SHUTDOWN");
        if (messages != null) {
            messages.execute("SHUTDOWN");
        }
    }

    /** An encrypted, durable database holding 20,000 messages with random ids, as an older hub left it. */
    JdbcTemplate messages;

    TransactionTemplate messagesTx;

    byte[] sealedCopy;

    private void messagesDatabase() {
        if (messages != null) {
            return;
        }
        DriverManagerDataSource encrypted = new DriverManagerDataSource(
                "jdbc:h2:file:./target/bench-" + System.nanoTime() + "/messages;CIPHER=AES;WRITE_DELAY=0",
                "hub",
                "bench-file-key bench-password");
        uk.safeguarding.hub.TestDatabase.migrate(encrypted);
        messages = new JdbcTemplate(encrypted);
        messagesTx = new TransactionTemplate(new DataSourceTransactionManager(encrypted));
        sealedCopy = new byte[6144];
        new SecureRandom().nextBytes(sealedCopy);
        for (int batch = 0; batch < 20; batch++) {
            messagesTx.executeWithoutResult(status -> {
                for (int i = 0; i < 1000; i++) {
                    storeOneMessage(
                            UUID.randomUUID().toString(),
                            UUID.randomUUID().toString(),
                            UUID.randomUUID().toString());
                }
            });
        }
    }

    /** What an acceptance writes for a message with two shares: the message, four decisions, two shares and copies. */
    private void storeOneMessage(String hubId, String firstShare, String secondShare) {
        Timestamp now = Timestamp.from(Instant.now());
        messages.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event, subject_nhs,"
                        + " received_at, rule_version) VALUES (?, 'drug-service', ?, 'screening-result', '9990000018', ?, 1)",
                hubId,
                hubId,
                now);
        for (String agency : List.of("social-care", "gp", "maternity", "health-visiting")) {
            messages.update(
                    "INSERT INTO decision (hub_message_id, agency, outcome, urgent, reasons, received_at)"
                            + " VALUES (?, ?, 'SHARE', FALSE, 'r', ?)",
                    hubId,
                    agency,
                    now);
        }
        for (String share : List.of(firstShare, secondShare)) {
            messages.update(
                    "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                            + " urgent, received_at, size_bytes, status) VALUES (?, ?, 'social-care', 'screening-result',"
                            + " 'drug-service', 'CONSENT', FALSE, ?, 6144, 'PENDING')",
                    share,
                    hubId,
                    now);
            messages.update("INSERT INTO delivery_payload (delivery_id, payload) VALUES (?, ?)", share, sealedCopy);
        }
    }

    @Setup(Level.Trial)
    public void setUpMessages(org.openjdk.jmh.infra.BenchmarkParams params) {
        if (params.getBenchmark().contains("storeOneMessage")) {
            messagesDatabase();
        }
    }

    /** One message's rows and one durable commit, with random (version 4) ids, as before. */
    @Benchmark
    public void storeOneMessageRandomIds() {
        messagesTx.executeWithoutResult(status -> storeOneMessage(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString()));
    }

    /** The same with time-ordered ids, as the hub makes them now. */
    @Benchmark
    public void storeOneMessageTimeOrderedIds() {
        messagesTx.executeWithoutResult(
                status -> storeOneMessage(TimeOrderedIds.next(), TimeOrderedIds.next(), TimeOrderedIds.next()));
    }

    @Benchmark
    public InboundMessage readFhirMessage() {
        return reader.read(screening, "drug-service");
    }

    /** One recipient's minimum-necessary copy of the screening result (the profile applied, its JSON written). */
    @Benchmark
    public Object minimumNecessaryCopy() {
        return minimumNecessary.apply(message, engine.rules().profiles().get("screening-summary"), "gp");
    }

    @Benchmark
    public Object decideForEveryAgency() {
        return engine.decide(message, facts, agencies);
    }

    @Benchmark
    public byte[] sealOneShare() {
        return sealer.seal(payload, recipient);
    }

    /** What any CMS sign-then-encrypt must at least do, with the same keys, called directly. */
    @Benchmark
    public byte[] rawPrimitivesOfOneShare() throws Exception {
        Signature rsa = Signature.getInstance("EC".equals(hubKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
        rsa.initSign(hubKey);
        rsa.update(payload);
        byte[] signature = rsa.sign();
        KeyGenerator aes = KeyGenerator.getInstance("AES");
        aes.init(256);
        SecretKey key = aes.generateKey();
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(
                Cipher.WRAP_MODE,
                recipient.getPublicKey(),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] wrapped = oaep.wrap(key);
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        gcm.update(payload);
        gcm.update(signature);
        byte[] sealed = gcm.doFinal(wrapped);
        return sealed;
    }

    @Benchmark
    public long appendOneAuditEntry() {
        return tx.execute(status -> audit.append(new AuditTrail.Entry(
                AuditType.DECIDED,
                "hub-1",
                "gp",
                "9990000018",
                Event.SCREENING_RESULT.code(),
                Map.of("decision", "SHARE", "basis", "CONSENT"))));
    }
}
