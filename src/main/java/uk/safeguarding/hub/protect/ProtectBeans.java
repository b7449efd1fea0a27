package uk.safeguarding.hub.protect;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Protect's own beans: HL7 v2 out, and the sealer with the hub's key as it is at each seal. */
@Configuration(proxyBeanMethods = false)
class ProtectBeans {

    @Bean
    Hl7Writer hl7Writer() {
        return new Hl7Writer();
    }

    @Bean
    PayloadSealer payloadSealer(HubIdentity hub) {
        return new PayloadSealer(hub::current);
    }
}
