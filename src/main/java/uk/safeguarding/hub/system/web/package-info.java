/**
 * HTTP security: agencies by client certificate, people by password or OpenID Connect (throttled and locked), the
 * roles of each path, the access audit of every read of personal data and every refusal, the cross-site guard, the
 * metrics token and the gate that answers 503 until the hub is ready. Uses {@code system.host} only.
 */
package uk.safeguarding.hub.system.web;
