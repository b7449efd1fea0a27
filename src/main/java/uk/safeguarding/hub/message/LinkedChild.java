package uk.safeguarding.hub.message;

import java.time.LocalDate;
import java.time.Period;

/**
 * A person tied to the service user as child or household member, or an unborn child (no NHS number yet, an
 * expected date of delivery instead).
 */
public record LinkedChild(String nhsNumber, LocalDate birthDate, LocalDate expectedDelivery, String relationship) {

    public static LinkedChild unborn(LocalDate expectedDelivery) {
        return new LinkedChild(null, null, expectedDelivery, "UNBORN");
    }

    public boolean unborn() {
        return birthDate == null && expectedDelivery != null;
    }

    /** 003: "unborn babies, children, and young people up to 18". Unknown birth dates are not assumed to be children. */
    public boolean isChildOn(LocalDate day) {
        if (unborn()) {
            return true;
        }
        return birthDate != null
                && !birthDate.isAfter(day)
                && Period.between(birthDate, day).getYears() < 18;
    }

    /** A stable key for registers: the NHS number, or the unborn child's due date. */
    public String key() {
        return nhsNumber != null ? nhsNumber : "unborn:" + expectedDelivery;
    }
}
