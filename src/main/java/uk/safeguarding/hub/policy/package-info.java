/**
 * The sharing rules and the one decision path ({@code SharingDecisions}): message + family facts + agency
 * register (revocations applied) -> one decision per candidate recipient (share or withhold, basis, rule id and
 * version, reasons, informSubject, urgency, profile) and each share's minimum-necessary copy. The rule set is data
 * read from {@code config/rules/}, its history in table {@code rule_set_version}. Depends on {@code message},
 * {@code register} and {@code audit}.
 */
package uk.safeguarding.hub.policy;
