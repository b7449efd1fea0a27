package uk.safeguarding.hub.message;

/** The one role each agency has (docs/decisions.md "People and agencies"). */
public enum AgencyRole {
    DRUG_TREATMENT,
    MATERNITY,
    CHILDRENS_SOCIAL_CARE,
    GP,
    HEALTH_VISITOR
}
