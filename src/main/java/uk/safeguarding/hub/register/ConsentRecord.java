package uk.safeguarding.hub.register;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import uk.safeguarding.hub.message.AgencyRole;

/** A standing consent record: the newest one a recording agency holds for a service user. */
public record ConsentRecord(
        String recordingAgency,
        String status,
        Set<AgencyRole> roles,
        Set<String> purposes,
        LocalDate periodStart,
        LocalDate periodEnd,
        Instant recordedAt) {

    public boolean active() {
        return "active".equals(status);
    }

    public boolean inPeriodOn(LocalDate day) {
        return (periodStart == null || !day.isBefore(periodStart)) && (periodEnd == null || !day.isAfter(periodEnd));
    }

    /** A consent that names no purpose covers every purpose; a rule that names none accepts any. */
    public boolean coversPurpose(Set<String> wanted) {
        return purposes.isEmpty() || wanted.isEmpty() || wanted.stream().anyMatch(purposes::contains);
    }

    /** A refusal or withdrawal that names no roles refuses them all. */
    public boolean concerns(AgencyRole role) {
        return roles.contains(role) || (!active() && roles.isEmpty());
    }
}
