/**
 * What operations staff watch and do: the queues, their depth and age, and dead letters sent back for another try.
 * Depends on {@code register} and {@code audit}.
 */
package uk.safeguarding.hub.operations;
