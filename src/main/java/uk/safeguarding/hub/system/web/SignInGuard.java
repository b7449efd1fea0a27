package uk.safeguarding.hub.system.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainWriter;

/**
 * People's password sign-in, slowed and then locked per user and per address (SignInProperties). A try while
 * throttled or locked is refused without looking at the password, so guessing gains nothing. Every failure and
 * every refusal is audited and counted ({@code hub_sign_in_failures_total}, {@code hub_sign_in_refused_total},
 * {@code hub_sign_in_locked}); a lock is logged once. The counts live in this instance's memory: with several
 * instances, each one locks on its own count. MESH mailboxes are counted the same way, under {@code mesh:} and
 * their mailbox id, with their callers' addresses.
 */
class SignInGuard implements AuthenticationProvider, uk.safeguarding.hub.mesh.MeshLockout {

    private static final Logger log = LoggerFactory.getLogger(SignInGuard.class);

    private final AuthenticationProvider passwords;
    private final SignInProperties limits;
    private final Clock clock;
    private final AuditTrail audit;
    private final ChainWriter chain;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();
    private final Counter failed;
    private final Counter refused;

    SignInGuard(
            AuthenticationProvider passwords,
            SignInProperties limits,
            Clock clock,
            AuditTrail audit,
            ChainWriter chain,
            MeterRegistry meters) {
        this.passwords = passwords;
        this.limits = limits;
        this.clock = clock;
        this.audit = audit;
        this.chain = chain;
        this.failed = Counter.builder("hub.sign.in.failures")
                .description("People's sign-ins with a wrong password")
                .register(meters);
        this.refused = Counter.builder("hub.sign.in.refused")
                .description("Sign-ins refused unchecked because the user or address was throttled or locked")
                .register(meters);
        Gauge.builder(
                        "hub.sign.in.locked",
                        lockedUntil,
                        locks -> locks.values().stream()
                                .filter(until -> until.isAfter(Instant.now(clock)))
                                .count())
                .description("Users and addresses locked out of sign-in now")
                .register(meters);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String user = "user:" + attempt.getName();
        String address = "address:"
                + (attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown");
        Instant now = Instant.now(clock);
        Block blocked = blockedBecause(user, now);
        if (blocked == null) {
            blocked = blockedBecause(address, now);
        }
        if (blocked != null) {
            refused.increment();
            record(AuditType.SIGN_IN_REFUSED, attempt.getName(), address, blocked.why());
            throw new Paused("sign-in " + blocked.why(), blocked.until());
        }
        try {
            Authentication done = passwords.authenticate(attempt);
            if (done != null) {
                failures.remove(user);
            }
            return done;
        } catch (AuthenticationException wrong) {
            failed.increment();
            int forUser = fail(user, now);
            int forAddress = fail(address, now);
            record(
                    AuditType.SIGN_IN_FAILED,
                    attempt.getName(),
                    address,
                    forUser + " failures for this user, " + forAddress + " from this address, in " + limits.window());
            if (forUser >= limits.lockAfterPerUser()) {
                lock(user, attempt.getName(), address, now);
            }
            if (forAddress >= limits.lockAfterPerAddress()) {
                lock(address, attempt.getName(), address, now);
            }
            throw wrong;
        }
    }

    @Override
    public String blocked(String mailbox, String address) {
        Instant now = Instant.now(clock);
        Block blocked = blockedBecause(meshUser(mailbox), now);
        if (blocked == null) {
            blocked = blockedBecause("address:" + address, now);
        }
        if (blocked == null) {
            return null;
        }
        refused.increment();
        record(AuditType.SIGN_IN_REFUSED, "MESH mailbox " + mailbox, "address:" + address, blocked.why());
        return "sign-in " + blocked.why();
    }

    @Override
    public void failed(String mailbox, String address, String why) {
        Instant now = Instant.now(clock);
        String user = meshUser(mailbox);
        String from = "address:" + address;
        failed.increment();
        int forUser = fail(user, now);
        int forAddress = fail(from, now);
        record(
                AuditType.SIGN_IN_FAILED,
                "MESH mailbox " + mailbox,
                from,
                why + "; " + forUser + " failures for this mailbox, " + forAddress + " from this address, in "
                        + limits.window());
        if (forUser >= limits.lockAfterPerUser()) {
            lock(user, "MESH mailbox " + mailbox, from, now);
        }
        if (forAddress >= limits.lockAfterPerAddress()) {
            lock(from, "MESH mailbox " + mailbox, from, now);
        }
    }

    @Override
    public void succeeded(String mailbox) {
        failures.remove(meshUser(mailbox));
    }

    /** The lockout's name for a MESH mailbox, "user:mesh:SGGP", apart from every person's. */
    private static String meshUser(String mailbox) {
        return "user:mesh:" + mailbox;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    /** Why a name or address may not try now, and until when. */
    record Block(String why, Instant until) {}

    /** A try refused unchecked: the person is told until when. */
    static final class Paused extends LockedException {
        private final transient Instant until;

        Paused(String message, Instant until) {
            super(message);
            this.until = until;
        }

        Instant until() {
            return until;
        }
    }

    /** Why {@code key} may not try now, or null. */
    private Block blockedBecause(String key, Instant now) {
        Instant until = lockedUntil.get(key);
        if (until != null && until.isAfter(now)) {
            return new Block("locked until " + until + " (" + key.substring(0, key.indexOf(':')) + ")", until);
        }
        Deque<Instant> recent = failures.get(key);
        if (recent == null || !key.startsWith("user:")) {
            return null;
        }
        synchronized (recent) {
            int over = recent.size() - limits.throttleAfter();
            if (over >= 0 && !recent.isEmpty()) {
                Duration wait = limits.throttleDelay().multipliedBy(1L << Math.min(over, 10));
                Instant allowed = recent.peekLast().plus(wait);
                if (allowed.isAfter(now)) {
                    return new Block("throttled until " + allowed + " after " + recent.size() + " failures", allowed);
                }
            }
        }
        return null;
    }

    private int fail(String key, Instant now) {
        prune(now);
        Deque<Instant> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(limits.window()))) {
                recent.pollFirst();
            }
            recent.addLast(now);
            return recent.size();
        }
    }

    private void lock(String key, String user, String address, Instant now) {
        Instant until = now.plus(limits.lockFor());
        lockedUntil.put(key, until);
        failures.remove(key);
        log.warn("SIGN-IN-LOCKED {} locked until {} after repeated failed sign-ins", key, until);
        record(AuditType.SIGN_IN_LOCKED, user, address, key + " locked until " + until);
    }

    /** Forgets what is over, so that guesses at many names cannot fill the memory. */
    private void prune(Instant now) {
        if (failures.size() + lockedUntil.size() < 10_000) {
            return;
        }
        lockedUntil.values().removeIf(until -> !until.isAfter(now));
        failures.values().removeIf(recent -> {
            synchronized (recent) {
                return recent.isEmpty() || recent.peekLast().isBefore(now.minus(limits.window()));
            }
        });
    }

    private void record(AuditType type, String user, String address, String why) {
        try {
            chain.write(() -> audit.append(new AuditTrail.Entry(
                    type,
                    null,
                    null,
                    null,
                    null,
                    Map.of("user", user, "address", address.substring("address:".length()), "detail", why))));
        } catch (RuntimeException e) {
            log.error("AUDIT-FAILED a sign-in {} could not be audited: {}", type, e.getMessage());
        }
    }
}
