package uk.safeguarding.hub.register;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The certificate revocation list the hub checks agency certificates against, served to anyone (a CRL is public
 * and signed by the CA): with the development PKI it holds the revocations made through the hub too.
 */
@RestController
class RevocationListController {

    private final Path crl;

    RevocationListController(@Value("${hub.pki.crl}") String crl) {
        this.crl = Path.of(crl);
    }

    @GetMapping("/pki/agencies.crl")
    ResponseEntity<byte[]> crl() throws Exception {
        if (!Files.exists(crl)) {
            return ResponseEntity.notFound().build();
        }
        try (InputStream in = Files.newInputStream(crl)) {
            X509CRL list = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/pkix-crl"))
                    .body(list.getEncoded());
        }
    }
}
