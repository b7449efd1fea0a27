package uk.safeguarding.hub.message;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * A person tied to the service user as child or household member, or an unborn child (no NHS number yet, an
 * expected date of delivery instead). {@code key} names the child in the registers: its NHS number, or for an
 * unborn child {@code unborn:<mother>:<due date first recorded>}, kept when the due date is revised.
 */
public record LinkedChild(
        String nhsNumber, LocalDate birthDate, LocalDate expectedDelivery, String relationship, String key) {

    /** docs/decisions.md: a revised due date within 8 weeks of the old one is the same pregnancy. */
    public static final int SAME_PREGNANCY_DAYS = 8 * 7;

    /** An unborn child with no recorded birth stops counting 6 weeks after its due date. */
    public static final int UNBORN_COUNTS_AFTER_DUE_DAYS = 6 * 7;

    public LinkedChild {
        if (key == null) {
            key = nhsNumber != null ? nhsNumber : "unborn:" + expectedDelivery;
        }
    }

    public LinkedChild(String nhsNumber, LocalDate birthDate, LocalDate expectedDelivery, String relationship) {
        this(nhsNumber, birthDate, expectedDelivery, relationship, null);
    }

    /** The mother's unborn child, first known with this due date. */
    public static LinkedChild unborn(String motherNhs, LocalDate expectedDelivery) {
        return new LinkedChild(null, null, expectedDelivery, "UNBORN", unbornKey(motherNhs, expectedDelivery));
    }

    /** An unborn child outside any family (engine tests). */
    public static LinkedChild unborn(LocalDate expectedDelivery) {
        return new LinkedChild(null, null, expectedDelivery, "UNBORN");
    }

    public static String unbornKey(String motherNhs, LocalDate expectedDelivery) {
        return "unborn:" + motherNhs + ":" + expectedDelivery;
    }

    public boolean unborn() {
        return birthDate == null && nhsNumber == null && expectedDelivery != null;
    }

    /** The same unborn child under its register key, with the due date as last revised. */
    public LinkedChild revisedTo(LocalDate newDueDate) {
        return new LinkedChild(nhsNumber, birthDate, newDueDate, relationship, key);
    }

    /** Whether a due date (revised) or a birth on this day falls within 8 weeks of this child's due date. */
    public boolean samePregnancy(LocalDate day) {
        return unborn() && Math.abs(ChronoUnit.DAYS.between(expectedDelivery, day)) <= SAME_PREGNANCY_DAYS;
    }

    /**
     * Joint guidance: "unborn babies, children, and young people up to 18". An unborn child counts until 6 weeks after its due
     * date. Unknown birth dates are not assumed to be children.
     */
    public boolean isChildOn(LocalDate day) {
        if (unborn()) {
            return !day.isAfter(expectedDelivery.plusDays(UNBORN_COUNTS_AFTER_DUE_DAYS));
        }
        return birthDate != null
                && !birthDate.isAfter(day)
                && Period.between(birthDate, day).getYears() < 18;
    }
}
