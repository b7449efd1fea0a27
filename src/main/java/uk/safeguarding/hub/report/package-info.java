/** The quarterly monitoring figures, counted from the audit trail's typed entries. Depends on {@code audit}, {@code policy}, {@code message}. */
package uk.safeguarding.hub.report;
