/**
 * The console: the pages people use in a browser (operations staff, information governance officers, auditors),
 * served by the hub and rendered on the server. Each page calls the same services as the admin API.
 */
package uk.safeguarding.hub.console;
