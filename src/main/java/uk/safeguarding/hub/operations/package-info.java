/** What operations staff watch and do: the queues, their depth and age, and dead letters sent back for another try. */
package uk.safeguarding.hub.operations;
