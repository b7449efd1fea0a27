package uk.safeguarding.hub.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.audit.ChainWriter;

/** The sign-in guard on its own, with a clock the test moves: throttle, lock per user and per address, expiry. */
class SignInGuardTest {

    static class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void pass(Duration d) {
            now = now.plus(d);
        }
    }

    MovableClock clock = new MovableClock();
    DriverManagerDataSource db;
    JdbcTemplate jdbc;
    ChainWriter chain;
    SignInGuard guard;

    @BeforeEach
    void guard() {
        db = new DriverManagerDataSource("jdbc:h2:mem:signin-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        uk.safeguarding.hub.TestDatabase.migrate(db);
        jdbc = new JdbcTemplate(db);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        chain = new ChainWriter(new TransactionTemplate(new DataSourceTransactionManager(db)), db, meters);
        AuditTrail audit = new AuditTrail(
                jdbc,
                clock,
                new ChainKey(Base64.getEncoder().encodeToString(new byte[32])),
                uk.safeguarding.hub.vault.TestVaults.shared());
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
                User.withUsername("anna")
                        .password(bcrypt.encode("right"))
                        .roles("OPS")
                        .build(),
                User.withUsername("ben")
                        .password(bcrypt.encode("right"))
                        .roles("OPS")
                        .build());
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(bcrypt);
        guard = new SignInGuard(
                passwords,
                new SignInProperties(3, Duration.ofSeconds(2), 5, 8, Duration.ofMinutes(15), Duration.ofMinutes(15)),
                clock,
                audit,
                chain,
                meters);
    }

    @AfterEach
    void stop() throws Exception {
        chain.stop();
    }

    Authentication attempt(String user, String password, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user, password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        token.setDetails(new WebAuthenticationDetails(request));
        return guard.authenticate(token);
    }

    int audited(String type) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE entry_type = ?", Integer.class, type);
    }

    @Test
    void afterThreeFailuresEachTryWaitsLongerThenTheUserIsLockedWhateverThePassword() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> attempt("anna", "wrong", "10.0.0.1")).isInstanceOf(BadCredentialsException.class);
        }
        // Throttled: refused unchecked, even with the right password.
        assertThatThrownBy(() -> attempt("anna", "right", "10.0.0.1"))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("throttled");
        clock.pass(Duration.ofSeconds(2));
        assertThatThrownBy(() -> attempt("anna", "wrong", "10.0.0.1")).isInstanceOf(BadCredentialsException.class);
        clock.pass(Duration.ofSeconds(2));
        assertThatThrownBy(() -> attempt("anna", "wrong", "10.0.0.1"))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("throttled"); // the wait doubled to 4 s
        clock.pass(Duration.ofSeconds(2));
        assertThatThrownBy(() -> attempt("anna", "wrong", "10.0.0.1")).isInstanceOf(BadCredentialsException.class);
        assertThat(audited("SIGN_IN_LOCKED")).isEqualTo(1);
        clock.pass(Duration.ofMinutes(10));
        assertThatThrownBy(() -> attempt("anna", "right", "10.0.0.1"))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("locked until");
        assertThat(attempt("ben", "right", "10.0.0.2").isAuthenticated()).isTrue();
        clock.pass(Duration.ofMinutes(6));
        assertThat(attempt("anna", "right", "10.0.0.1").isAuthenticated()).isTrue();
        assertThat(audited("SIGN_IN_FAILED")).isEqualTo(5);
        assertThat(audited("SIGN_IN_REFUSED")).isEqualTo(3);
    }

    @Test
    void anAddressTryingManyUsersIsLockedForAllOfThem() {
        for (int i = 0; i < 8; i++) {
            String name = "guess-" + i;
            assertThatThrownBy(() -> attempt(name, "wrong", "10.0.0.9")).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> attempt("ben", "right", "10.0.0.9"))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("address");
        assertThat(attempt("ben", "right", "10.0.0.10").isAuthenticated()).isTrue();
    }
}
