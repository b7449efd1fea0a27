/** Command-line tools that run the hub's own parts outside the server, for officers and tests. */
package uk.safeguarding.hub.tools;
