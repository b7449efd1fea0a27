package uk.safeguarding.hub.message;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/** A consent-update message's Consent: status active, rejected or inactive (withdrawn), with what it covers. */
public record ConsentUpdate(
        String status,
        Set<AgencyRole> roles,
        Set<String> purposes,
        LocalDate periodStart,
        LocalDate periodEnd,
        Instant recordedAt) {}
