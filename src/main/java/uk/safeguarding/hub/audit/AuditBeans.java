package uk.safeguarding.hub.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuditBeans {

    @Bean
    ChainKey chainKey(AuditProperties properties) {
        return new ChainKey(properties.key());
    }
}
