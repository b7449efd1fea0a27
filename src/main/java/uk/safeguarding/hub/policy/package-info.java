/**
 * The sharing rules and the engine that applies them: message + family facts + agency register -> one decision
 * per candidate recipient (share or withhold, basis, rule id and version, reasons, informSubject, urgency,
 * profile). The rule set is data read from {@code config/rules/}. Depends on {@code message} and {@code register}.
 */
package uk.safeguarding.hub.policy;
