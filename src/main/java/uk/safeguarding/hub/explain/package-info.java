/**
 * What the hub would decide, without storing or sending anything: {@code POST /api/decisions/explain} for one
 * message now, and dry runs of proposed rules against recent messages. Both decide through the same
 * {@link uk.safeguarding.hub.policy.SharingDecisions} as intake, so they cannot drift from it.
 */
package uk.safeguarding.hub.explain;
