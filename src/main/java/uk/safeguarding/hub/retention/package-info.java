/**
 * How long each kind of record is kept, the pruning job that removes what is past its time (the audit trail cut
 * only at its start, with a keyed checkpoint at the cut, so it still verifies), and legal holds that stop pruning
 * for a family.
 */
package uk.safeguarding.hub.retention;
