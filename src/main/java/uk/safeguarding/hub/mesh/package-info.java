/**
 * MESH (NHS England's Message Exchange for Social Care and Health), served by the hub so that an agency's own MESH
 * client can send to the hub and collect from it: the {@code NHSMESH} authorization scheme first.
 */
package uk.safeguarding.hub.mesh;
