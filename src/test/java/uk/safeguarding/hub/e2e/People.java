package uk.safeguarding.hub.e2e;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The signed-in people of the tests: two officers, an operator, an auditor and two to lock out, hashed as in production. */
final class People {

    static final String OFFICER = "test-officer";
    static final String OFFICER_PASSWORD = "officer-" + Long.toHexString(System.nanoTime());
    /** The second officer of a four-eyes rule change. */
    static final String SECOND_OFFICER = "test-officer-2";

    static final String SECOND_OFFICER_PASSWORD = "officer2-" + Long.toHexString(System.nanoTime());
    static final String OPS = "test-ops";
    static final String OPS_PASSWORD = "ops-" + Long.toHexString(System.nanoTime());
    /** Only the sign-in lockout test signs in as this one: it ends up locked. */
    static final String LOCKED = "test-locked";

    static final String LOCKED_PASSWORD = "locked-" + Long.toHexString(System.nanoTime());
    static final String AUDITOR = "test-auditor";
    static final String AUDITOR_PASSWORD = "auditor-" + Long.toHexString(System.nanoTime());
    /** Only the console's lockout test signs in as this one, in the browser: it ends up locked. */
    static final String LOCKED_IN_BROWSER = "test-locked-browser";

    static final String GUARDIAN = "test-guardian";
    static final String GUARDIAN_PASSWORD = "guardian-" + Long.toHexString(System.nanoTime());
    /** An officer who is also a Caldicott guardian: may open content, and may not review their own opening. */
    static final String OFFICER_GUARDIAN = "test-officer-guardian";

    static final String OFFICER_GUARDIAN_PASSWORD = "both-" + Long.toHexString(System.nanoTime());

    private People() {}

    static void register(DynamicPropertyRegistry registry) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        String officer = "{bcrypt}" + bcrypt.encode(OFFICER_PASSWORD);
        String ops = "{bcrypt}" + bcrypt.encode(OPS_PASSWORD);
        registry.add("hub.people.users[0].name", () -> OFFICER);
        registry.add("hub.people.users[0].password", () -> officer);
        registry.add("hub.people.users[0].roles", () -> "IG_OFFICER");
        registry.add("hub.people.users[1].name", () -> OPS);
        registry.add("hub.people.users[1].password", () -> ops);
        registry.add("hub.people.users[1].roles", () -> "OPS");
        String locked = "{bcrypt}" + bcrypt.encode(LOCKED_PASSWORD);
        registry.add("hub.people.users[2].name", () -> LOCKED);
        registry.add("hub.people.users[2].password", () -> locked);
        registry.add("hub.people.users[2].roles", () -> "OPS");
        String auditor = "{bcrypt}" + bcrypt.encode(AUDITOR_PASSWORD);
        registry.add("hub.people.users[3].name", () -> AUDITOR);
        registry.add("hub.people.users[3].password", () -> auditor);
        registry.add("hub.people.users[3].roles", () -> "AUDITOR");
        registry.add("hub.people.users[4].name", () -> LOCKED_IN_BROWSER);
        registry.add("hub.people.users[4].password", () -> locked);
        registry.add("hub.people.users[4].roles", () -> "OPS");
        String second = "{bcrypt}" + bcrypt.encode(SECOND_OFFICER_PASSWORD);
        registry.add("hub.people.users[5].name", () -> SECOND_OFFICER);
        registry.add("hub.people.users[5].password", () -> second);
        registry.add("hub.people.users[5].roles", () -> "IG_OFFICER");
        String guardian = "{bcrypt}" + bcrypt.encode(GUARDIAN_PASSWORD);
        registry.add("hub.people.users[6].name", () -> GUARDIAN);
        registry.add("hub.people.users[6].password", () -> guardian);
        registry.add("hub.people.users[6].roles", () -> "CALDICOTT_GUARDIAN");
        String both = "{bcrypt}" + bcrypt.encode(OFFICER_GUARDIAN_PASSWORD);
        registry.add("hub.people.users[7].name", () -> OFFICER_GUARDIAN);
        registry.add("hub.people.users[7].password", () -> both);
        registry.add("hub.people.users[7].roles[0]", () -> "IG_OFFICER");
        registry.add("hub.people.users[7].roles[1]", () -> "CALDICOTT_GUARDIAN");
        // Every test client comes from 127.0.0.1: the per-address lock is tested alone (SignInGuardTest).
        registry.add("hub.sign-in.lock-after-per-address", () -> "100000");
        registry.add("hub.sign-in.throttle-delay", () -> "100ms");
    }

    static AgencyClient officer(int port) throws Exception {
        return AgencyClient.person(OFFICER, OFFICER_PASSWORD, port);
    }

    static AgencyClient secondOfficer(int port) throws Exception {
        return AgencyClient.person(SECOND_OFFICER, SECOND_OFFICER_PASSWORD, port);
    }

    static AgencyClient ops(int port) throws Exception {
        return AgencyClient.person(OPS, OPS_PASSWORD, port);
    }
}
