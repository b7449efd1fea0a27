package uk.safeguarding.hub.message;

/**
 * An adult other than the service user whom a message ties to the family (docs/decisions.md "Household adults"): a father,
 * partner or household member of a child ({@code child} set), or the partner of the service user herself, and so of
 * her pregnancy and children ({@code child} null). From then on those children are the adult's linked children too.
 */
public record HouseholdLink(String adultNhs, String relationship, LinkedChild child) {

    public boolean partnerOfServiceUser() {
        return child == null;
    }
}
