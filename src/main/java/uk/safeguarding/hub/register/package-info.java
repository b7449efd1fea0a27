/**
 * What the hub knows between messages: the agency register (from {@code config/agencies.yaml}), family links,
 * the safeguarding register (open Section 47 enquiries, child protection plans), the consent register and agency
 * involvement. Depends on {@code message}.
 */
package uk.safeguarding.hub.register;
