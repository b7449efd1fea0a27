package uk.safeguarding.hub;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import uk.safeguarding.hub.e2e.TestPki;
import uk.safeguarding.hub.register.Pem;

/**
 * HAPI's R4 instance validator over the base definitions (no terminology server, nothing fetched): what the hub
 * emits must validate with no error. Also opens a share with its recipient's development key, to validate what the
 * recipient reads.
 */
public final class FhirValidation {

    private static final FhirValidator VALIDATOR = validator();

    private FhirValidation() {}

    private static FhirValidator validator() {
        FhirContext fhir = FhirContext.forR4Cached();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        FhirInstanceValidator instance = new FhirInstanceValidator(support);
        return fhir.newValidator().registerValidatorModule(instance);
    }

    /** The errors (and fatal errors) HAPI's validator finds in one resource, as "location: message" lines. */
    public static List<String> errors(String resource) {
        return VALIDATOR.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirValidation::line)
                .toList();
    }

    public static void assertValid(String what, String resource) {
        assertThat(errors(resource)).as(what + " validates against FHIR R4").isEmpty();
    }

    private static String line(SingleValidationMessage m) {
        return m.getLocationString() + ": " + m.getMessage();
    }

    /** The content of a share sealed to the agency (development PKI), after checking the hub's signature. */
    public static String open(String agency, byte[] sealed) throws Exception {
        CMSSignedData data = unseal(agency, sealed);
        var signer = data.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder holder = (X509CertificateHolder)
                data.getCertificates().getMatches(signer.getSID()).iterator().next();
        assertThat(signer.verify(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder().build(holder)))
                .isTrue();
        return new String((byte[]) data.getSignedContent().getContent(), StandardCharsets.UTF_8);
    }

    /** The signed object inside a share sealed to the agency, decrypted with its development key. */
    public static CMSSignedData unseal(String agency, byte[] sealed) throws Exception {
        var certificate = Pem.readCertificate(Path.of(TestPki.DIR, agency + ".pem"));
        byte[] signed = new CMSAuthEnvelopedData(sealed)
                .getRecipientInfos()
                .get(new KeyTransRecipientId(
                        new org.bouncycastle.asn1.x500.X500Name(
                                certificate.getIssuerX500Principal().getName()),
                        certificate.getSerialNumber()))
                .getContent(
                        new JceKeyTransEnvelopedRecipient(Pem.readPrivateKey(Path.of(TestPki.DIR, agency + "-key.pem")))
                                .setProvider(new BouncyCastleProvider()));
        return new CMSSignedData(signed);
    }
}
