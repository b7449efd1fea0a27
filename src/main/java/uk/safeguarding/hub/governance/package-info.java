/**
 * Four eyes on governed data: proposals, approvals, rejections and roll-backs of the sharing rules and the agency
 * register, each a new version with who and why, all audited.
 */
package uk.safeguarding.hub.governance;
