package uk.safeguarding.hub.tools;

import ca.uhn.fhir.context.FhirContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.MinimumNecessary;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.RuleStore;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.FamilyFacts;
import uk.safeguarding.hub.register.Pem;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.register.Registers;

/**
 * {@code java -jar target/safeguarding-hub.jar explain [options] message.json}: the decisions the hub would make
 * now for a message file, from the same reader, registers and engine as the server, storing and sending nothing.
 * It opens the hub's database file, so only while the hub is stopped (a running hub answers the same question
 * at {@code POST /api/decisions/explain}), and reads the running rules (the newest version in the rule history), or a proposed rule file with {@code --rules}.
 *
 * <pre>
 * --as AGENCY        check the message as if this agency sent it (default: its own sender)
 * --rules FILE       decide with these rules instead of the running ones
 * --data-dir DIR     the hub's data directory (default: data)
 * --db-url URL       the shared database instead (profile shared: jdbc:postgresql://...), with --db-user USER
 *                    and the password from the environment variable HUB_DB_PASSWORD
 * --agencies FILE    the agency register (default: config/agencies.yaml)
 * --crl FILE         the CA's revocation list (default: certs/dev/ca.crl; missing: none revoked), signed by
 * --crl-issuer FILE  (default: certs/dev/ca.pem)
 * --secrets FILE     the database key and the vault's key (default: certs/dev/hub.secrets; or
 *                    HUB_DATABASE_FILE_KEY, HUB_DATABASE_PASSWORD and HUB_VAULT_KEY)
 * --involvement-months N   (default: 12)
 * </pre>
 * Exit status: 0 decided, 2 the message would be refused (the refusal is printed), 1 bad usage.
 */
public final class ExplainCommand {

    private ExplainCommand() {}

    /** From the command line: the answer is JSON on standard output, so library chatter is kept out of it. */
    public static int main(List<String> args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        return run(args, System.out, System.err);
    }

    static final String USAGE = """
            usage: java -jar target/safeguarding-hub.jar explain [options] message.json
            The decisions the hub would make now for a FHIR message file. Opens the hub's database, so run it while
            the hub is stopped (a running hub answers POST /api/decisions/explain).
              --as AGENCY            check the message as if this agency sent it (default: its own sender)
              --rules FILE           decide with these rules instead of the running ones
              --data-dir DIR         the hub's data directory (default: data)
              --agencies FILE        the agency register (default: config/agencies.yaml)
              --involvement-months N how long an agency stays involved (default: 12)
              --secrets FILE         the database key and the vault's key (default: certs/dev/hub.secrets; or
                                     HUB_DATABASE_FILE_KEY, HUB_DATABASE_PASSWORD and HUB_VAULT_KEY)
              --crl FILE             the CA's revocation list (default: certs/dev/ca.crl)
              --crl-issuer FILE      the CA that signs it (default: certs/dev/ca.pem)
              --db-url URL           a shared PostgreSQL instead, with --db-user USER and HUB_DB_PASSWORD
            Exit status: 0 decided, 2 the hub would refuse the message, 1 a usage or setup problem.""";

    private static final java.util.Set<String> OPTIONS = java.util.Set.of(
            "--as",
            "--rules",
            "--data-dir",
            "--agencies",
            "--involvement-months",
            "--secrets",
            "--crl",
            "--crl-issuer",
            "--db-url",
            "--db-user",
            "--rules-file");

    /** Thrown with what to tell the user when the arguments or the setup stop the command. */
    private static final class Stop extends Exception {
        Stop(String message) {
            super(message);
        }
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        try {
            Map<String, String> options = options(args);
            JdbcTemplate jdbc = open(options);
            RuleSet rules = options.containsKey("--rules")
                    ? RuleFileLoader.load(Path.of(options.get("--rules")))
                    : runningRules(jdbc, Path.of(options.get("--rules-file")));
            Explained explained = decide(options, jdbc, rules);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("event", explained.event());
            answer.put("ruleVersion", rules.version());
            answer.put("decisions", explained.decisions());
            out.println(JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build()
                    .writeValueAsString(answer));
            return 0;
        } catch (Stop stop) {
            err.println(stop.getMessage());
            return 1;
        } catch (MessageRefused refused) {
            out.println("{\"refused\": " + refused.status() + ", \"reason\": "
                    + JsonMapper.builder().build().writeValueAsString(refused.getMessage()) + "}");
            return 2;
        } catch (Exception e) {
            err.println("explain failed: " + e.getMessage());
            return 1;
        }
    }

    /** The options with their defaults, and the message file under {@code "file"}. */
    private static Map<String, String> options(List<String> args) throws Stop {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "--data-dir",
                "data",
                "--agencies",
                "config/agencies.yaml",
                "--involvement-months",
                "12",
                "--rules-file",
                "config/rules/sharing-rules.yaml",
                "--secrets",
                "certs/dev/hub.secrets",
                "--crl",
                "certs/dev/ca.crl",
                "--crl-issuer",
                "certs/dev/ca.pem"));
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && !OPTIONS.contains(a)) {
                throw new Stop("unknown option " + a + "\n" + USAGE);
            } else if (a.startsWith("--") && i + 1 < args.size()) {
                options.put(a, args.get(++i));
            } else if (!a.startsWith("--") && file == null) {
                file = a;
            } else {
                throw new Stop("unexpected argument: " + a);
            }
        }
        if (file == null) {
            throw new Stop(USAGE);
        }
        if (!Files.isRegularFile(Path.of(file))) {
            throw new Stop("no such message file: " + file);
        }
        options.put("file", file);
        return options;
    }

    /** The hub's database, opened only while the hub is stopped (H2 lets one process hold its file). */
    private static JdbcTemplate open(Map<String, String> options) throws Stop, java.io.IOException {
        DriverManagerDataSource db = options.containsKey("--db-url")
                ? new DriverManagerDataSource(
                        options.get("--db-url"),
                        options.getOrDefault("--db-user", ""),
                        System.getenv().getOrDefault("HUB_DB_PASSWORD", ""))
                : new DriverManagerDataSource(
                        "jdbc:h2:file:"
                                + Path.of(options.get("--data-dir"))
                                        .toAbsolutePath()
                                        .normalize()
                                        .resolve("db/hub") + ";CIPHER=AES;IFEXISTS=TRUE",
                        "hub",
                        h2Password(Path.of(options.get("--secrets"))));
        JdbcTemplate jdbc = new JdbcTemplate(db);
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            return jdbc;
        } catch (org.springframework.dao.DataAccessException e) {
            String why = String.valueOf(e.getMostSpecificCause().getMessage());
            if ((e.getMostSpecificCause() instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020)
                    || why.contains("is locked")) {
                throw new Stop("the hub is running and holds its database: ask it instead with"
                        + " POST /api/decisions/explain, or stop it first");
            }
            throw new Stop("cannot open the hub's database: " + why);
        }
    }

    /** The same decision path as the server's ({@link SharingDecisions}: revocations and minimum necessary too). */
    private record Explained(String event, List<Decision> decisions) {}

    private static Explained decide(Map<String, String> options, JdbcTemplate jdbc, RuleSet rules) throws Exception {
        AgencyRegister agencies = AgencyRegister.load(Path.of(options.get("--agencies")), Path.of("."));
        Registers registers = new Registers(
                jdbc,
                new RegisterProperties(
                        options.get("--agencies"), Integer.parseInt(options.get("--involvement-months"))),
                new uk.safeguarding.hub.vault.Vault(
                        uk.safeguarding.hub.vault.Vault.keyFromText(vaultKey(Path.of(options.get("--secrets")))),
                        uk.safeguarding.hub.vault.DataKeys.in(jdbc),
                        java.time.Clock.systemUTC()));
        FhirContext fhir = FhirContext.forR4Cached();
        InboundMessage message =
                new FhirMessageReader(fhir).read(Files.readAllBytes(Path.of(options.get("file"))), options.get("--as"));
        AgencyTrust trust = new AgencyTrust(
                Path.of(options.get("--crl")), Pem.readCertificate(Path.of(options.get("--crl-issuer"))), agencies);
        SharingDecisions sharing =
                new SharingDecisions(new PolicyEngine(rules), agencies, trust, new MinimumNecessary(fhir), registers);
        FamilyFacts facts = registers.factsFor(message);
        List<Decision> decisions = sharing.decide(message, facts).decisions();
        return new Explained(message.event().code(), decisions);
    }

    /** The vault's key-encryption key (its text form): from HUB_VAULT_KEY, else from the development secrets file. */
    static String vaultKey(Path secretsFile) throws java.io.IOException {
        String key = secret("HUB_VAULT_KEY", secretsFile, "hub.vault.key");
        if (key == null) {
            throw new IllegalArgumentException(
                    "the vault's key is not set: HUB_VAULT_KEY, or hub.vault.key in " + secretsFile);
        }
        return key;
    }

    /** A secret from the environment, else from the development secrets file (null if in neither). */
    private static String secret(String variable, Path secretsFile, String property) throws java.io.IOException {
        String value = System.getenv(variable);
        if (value != null || !Files.exists(secretsFile)) {
            return value;
        }
        java.util.Properties secrets = new java.util.Properties();
        try (var in = Files.newBufferedReader(secretsFile)) {
            secrets.load(in);
        }
        return secrets.getProperty(property);
    }

    /**
     * H2's password for the encrypted file, "file-key password": from HUB_DATABASE_FILE_KEY and
     * HUB_DATABASE_PASSWORD, else from the development secrets file.
     */
    public static String h2Password(Path secretsFile) throws java.io.IOException {
        String key = secret("HUB_DATABASE_FILE_KEY", secretsFile, "hub.database.file-key");
        String password = secret("HUB_DATABASE_PASSWORD", secretsFile, "hub.database.password");
        if (key == null || password == null) {
            throw new IllegalArgumentException("the database key is not set: HUB_DATABASE_FILE_KEY and"
                    + " HUB_DATABASE_PASSWORD, or --secrets FILE");
        }
        return key + " " + password;
    }

    /** The newest version in the rule history, as the server runs it; the file when there is no history yet. */
    static RuleSet runningRules(JdbcTemplate jdbc, Path file) {
        return RuleStore.latestApplied(jdbc).orElseGet(() -> RuleFileLoader.load(file));
    }
}
