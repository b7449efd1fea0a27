/** The monitoring figures of 003 §10, counted from the audit trail. */
package uk.safeguarding.hub.report;
