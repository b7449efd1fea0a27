package uk.safeguarding.hub.register;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The register's own beans: the agency register file (a bad one stops the start) and who a certificate is. */
@Configuration(proxyBeanMethods = false)
class RegisterBeans {

    /** A certificate the register names by a relative path is under the hub's home (certs/dev/ in development). */
    @Bean
    AgencyRegister agencyRegister(RegisterProperties properties, @Value("${hub.home:.}") String home) {
        return AgencyRegister.load(
                Path.of(properties.agencies()), Path.of(home).toAbsolutePath().normalize());
    }

    @Bean
    AgencyTrust agencyTrust(PkiProperties pki, AgencyRegister agencies) throws IOException {
        return new AgencyTrust(Path.of(pki.crl()), Pem.readCertificate(Path.of(pki.crlIssuer())), agencies);
    }
}
