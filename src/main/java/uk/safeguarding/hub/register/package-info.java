/**
 * What the hub knows between messages: the agency register (from {@code config/agencies.yaml}) and who a
 * certificate is ({@code AgencyTrust}: register, active, CRL), family links, the safeguarding register (open
 * Section 47 enquiries, child protection plans), the consent register, agency involvement, referrals that reached
 * children's social care, and Section 47 requests a response may answer. Depends on {@code message}.
 */
package uk.safeguarding.hub.register;
