package uk.safeguarding.hub.mesh;

import java.security.Principal;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * Whose MESH mailbox is whose (the agency register), and whether a call may use one: the mailbox belongs to an
 * active agency of the register, it is not locked out ({@link MeshLockout}), the {@code NHSMESH} token is good for
 * it ({@link MeshTokens}), and the client certificate is that agency's.
 */
@Component
class MeshMailboxes {

    /** The mailbox a call may use, and its agency. */
    record Caller(String mailbox, Agency agency) {}

    /** The caller, or why not ({@code refused}, for the audit). */
    record Checked(Caller caller, String refused) {}

    private final AgencyRegister register;
    private final MeshTokens tokens;
    private final MeshLockout lockout;

    MeshMailboxes(AgencyRegister register, MeshTokens tokens, MeshLockout lockout) {
        this.register = register;
        this.tokens = tokens;
        this.lockout = lockout;
    }

    /** The active agency whose mailbox this is. */
    Optional<Agency> owner(String mailbox) {
        if (mailbox == null) {
            return Optional.empty();
        }
        return register.all().stream()
                .filter(a -> a.active() && mailbox.equalsIgnoreCase(a.meshMailbox()))
                .findFirst();
    }

    /**
     * A mailbox throttled or locked by the sign-in lockout is refused before its token is looked at; a refused token
     * naming a mailbox counts as a failed sign-in of it.
     */
    Checked check(String mailbox, String authorization, Principal certificate, String address) {
        String name = mailbox == null ? "" : mailbox.toUpperCase(java.util.Locale.ROOT);
        String blocked = lockout.blocked(name, address);
        if (blocked != null) {
            return new Checked(null, blocked);
        }
        MeshTokens.Checked token = tokens.check(mailbox, authorization);
        if (!token.good()) {
            if (token.token() != null) {
                lockout.failed(name, address, token.refused());
            }
            return new Checked(null, token.refused());
        }
        lockout.succeeded(name);
        Optional<Agency> owner = owner(mailbox);
        if (owner.isEmpty() || certificate == null || !owner.get().id().equals(certificate.getName())) {
            return new Checked(null, "the client certificate is not the mailbox's agency's");
        }
        return new Checked(new Caller(owner.get().meshMailbox(), owner.get()), null);
    }
}
