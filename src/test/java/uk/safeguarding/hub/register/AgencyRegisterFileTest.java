package uk.safeguarding.hub.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.protect.DevPki;

/** The agency register file: a good one reads whole; a bad one is refused with every problem and its line. */
class AgencyRegisterFileTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() {
        new DevPki(dir).ensure(List.of("a", "b"));
    }

    static Path file(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "agencies", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aGoodRegisterIsReadWithEveryField() throws Exception {
        AgencyRegister register = AgencyRegister.load(file("""
                agencies:
                  a:
                    name: Agency A
                    role: CHILDRENS_SOCIAL_CARE
                    frontDoor: true
                    certificate: a.pem
                  b:
                    role: GP
                    active: false
                    format: HL7v2
                    certificate: b.pem
                """), dir);
        assertThat(register.all()).extracting(Agency::id).containsExactly("a", "b");
        Agency a = register.find("a").orElseThrow();
        assertThat(a.name()).isEqualTo("Agency A");
        assertThat(a.frontDoor()).isTrue();
        assertThat(a.role()).isEqualTo(AgencyRole.CHILDRENS_SOCIAL_CARE);
        Agency b = register.find("b").orElseThrow();
        assertThat(b.active()).isFalse();
        assertThat(b.wantsHl7()).isTrue();
        assertThat(b.name()).isEqualTo("b");
    }

    @Test
    void aMeshMailboxIsReadAndItsMistakesNamed() throws Exception {
        AgencyRegister register = AgencyRegister.load(file("""
                agencies:
                  a:
                    role: CHILDRENS_SOCIAL_CARE
                    certificate: a.pem
                    mesh:
                      mailbox: SGA01
                      collect: true
                  b:
                    role: GP
                    certificate: b.pem
                    mesh:
                      mailbox: SGB01
                """), dir);
        assertThat(register.find("a").orElseThrow().collectsThroughMesh()).isTrue();
        assertThat(register.find("b").orElseThrow().collectsThroughMesh()).isFalse();
        assertThat(register.find("b").orElseThrow().meshMailbox()).isEqualTo("SGB01");

        Path bad = file("""
                agencies:
                  a:
                    role: CHILDRENS_SOCIAL_CARE
                    certificate: a.pem
                    mesh:
                      mailbox: sg a
                  b:
                    role: GP
                    certificate: b.pem
                    mesh:
                      mailbox: SGB01
                  c:
                    role: GP
                    certificate: b.pem
                    mesh:
                      mailbox: SGB01
                  d:
                    role: GP
                    certificate: b.pem
                    mesh:
                      mailbox: SGD01
                      collect: true
                    push:
                      url: https://d.example/inbox
                      ca: a.pem
                """);
        assertThatThrownBy(() -> AgencyRegister.load(bad, dir))
                .isInstanceOf(RegisterFileException.class)
                .satisfies(e -> assertThat(((RegisterFileException) e).problems())
                        .containsExactly(
                                "line 6: agency 'a': mesh mailbox must be a MESH mailbox id (3 to 20 capitals and"
                                        + " digits)",
                                "line 16: agency 'c': MESH mailbox SGB01 is already agency 'b''s",
                                "line 21: agency 'd': collects its shares either by push or through MESH, not both"));
    }

    @Test
    void everyProblemIsListedWithItsLine() throws Exception {
        Path bad = file("""
                agencies:
                  a:
                    role: SOCIAL_WORKER
                    certificate: a.pem
                  b:
                    role: GP
                    colour: blue
                    frontDoor: yes please
                  c:
                    role: GP
                    certificate: missing.pem
                    push:
                      url: http://c.example/inbox
                """);
        assertThatThrownBy(() -> AgencyRegister.load(bad, dir))
                .isInstanceOf(RegisterFileException.class)
                .hasMessageStartingWith("agency register " + bad + " is invalid")
                .satisfies(e -> assertThat(((RegisterFileException) e).problems())
                        .containsExactly(
                                "line 3: agency 'a' has unknown role 'SOCIAL_WORKER'",
                                "line 7: agency 'b': unknown key 'colour' (known: active, certificate, certificates, contacts,"
                                        + " format, frontDoor, mesh, name, odsCode, push, role, sharingAgreement)",
                                "line 6: agency 'b' has no certificate",
                                "line 8: agency 'b': frontDoor must be true or false, not yes please",
                                "line 11: cannot read certificate " + dir.resolve("missing.pem") + ": no such file",
                                "line 13: agency 'c': push url must be https",
                                "line 13: agency 'c': push needs 'ca', the CA that issued the endpoint's certificate"));
    }

    @Test
    void oneFrontDoorPerRoleAtMost() throws Exception {
        Path bad = file("""
                agencies:
                  a:
                    role: CHILDRENS_SOCIAL_CARE
                    frontDoor: true
                    certificate: a.pem
                  b:
                    role: CHILDRENS_SOCIAL_CARE
                    frontDoor: true
                    certificate: b.pem
                """);
        assertThatThrownBy(() -> AgencyRegister.load(bad, dir))
                .isInstanceOf(RegisterFileException.class)
                .satisfies(e -> assertThat(((RegisterFileException) e).problems())
                        .containsExactly("line 8: a second CHILDRENS_SOCIAL_CARE front door (the first is on line 4):"
                                + " one agency per role at most may be frontDoor: true"));
        AgencyRegister twoRoles = AgencyRegister.load(file("""
                agencies:
                  a:
                    role: CHILDRENS_SOCIAL_CARE
                    frontDoor: true
                    certificate: a.pem
                  b:
                    role: MATERNITY
                    frontDoor: true
                    certificate: b.pem
                """), dir);
        assertThat(twoRoles.all()).allMatch(Agency::frontDoor);
    }

    @Test
    void detailsAndTwoCertificatesReadAndWriteBackTheSame() throws Exception {
        AgencyRegister register = AgencyRegister.load(file("""
                agencies:
                  a:
                    role: GP
                    odsCode: A81001
                    contacts:
                      - name: Practice manager
                        email: pm@a.example
                        phone: 0100 000 0000
                    sharingAgreement:
                      reference: ISA-7
                      reviewDate: 2020-01-31
                    certificates:
                      - certificate: a.pem
                      - certificate: b.pem
                        until: 2030-01-31
                """), dir);
        Agency a = register.find("a").orElseThrow();
        assertThat(a.details().odsCode()).isEqualTo("A81001");
        assertThat(a.details().contacts())
                .containsExactly(new Agency.Contact("Practice manager", "pm@a.example", "0100 000 0000"));
        assertThat(a.details().agreementLapsedOn(java.time.LocalDate.of(2026, 12, 1)))
                .isTrue();
        assertThat(a.certificates()).hasSize(2);
        assertThat(a.certificatesInForce(java.time.Instant.parse("2030-02-01T00:00:00Z")))
                .hasSize(1);
        // A stored version holds its certificates in PEM and reads back to the same entries.
        String text = AgencyRegisterYaml.write(register.all());
        assertThat(text).contains("-----BEGIN CERTIFICATE-----").doesNotContain(".pem");
        List<Agency> back = AgencyRegisterYaml.read(text, "stored");
        assertThat(AgencyRegisterYaml.write(back)).isEqualTo(text);
        assertThat(back.get(0).details()).isEqualTo(a.details());
        // Stored text may not name a file.
        assertThatThrownBy(
                        () -> AgencyRegisterYaml.read("agencies:\n  a:\n    role: GP\n    certificate: a.pem\n", "x"))
                .isInstanceOf(RegisterFileException.class)
                .hasMessageContaining("line 4: a certificate here must be given in PEM, not as a file");
    }

    @Test
    void badDetailsAreRefusedOnTheirLines() throws Exception {
        Path bad = file("""
                agencies:
                  a:
                    role: GP
                    odsCode: a-1
                    sharingAgreement:
                      reference: ISA-7
                    contacts:
                      - email: nobody
                    certificates:
                      - certificate: a.pem
                        until: soon
                """);
        assertThatThrownBy(() -> AgencyRegister.load(bad, dir))
                .isInstanceOf(RegisterFileException.class)
                .satisfies(e -> assertThat(((RegisterFileException) e).problems())
                        .containsExactly(
                                "line 11: agency 'a': until must be a date (2027-01-31) or a time (2027-01-31T12:00:00Z)",
                                "line 4: agency 'a': odsCode must be 3 to 10 capital letters and digits, not a-1",
                                "line 8: agency 'a': each contact needs a name (and an email or phone)",
                                "line 6: agency 'a': sharingAgreement needs its reviewDate"));
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndLine() throws Exception {
        Path bad = file("agencies:\n  a:\n    role: GP\n   certificate: [a.pem\n");
        assertThatThrownBy(() -> AgencyRegister.ids(bad))
                .isInstanceOf(RegisterFileException.class)
                .hasMessageContaining(bad.toString())
                .satisfies(e -> assertThat(((RegisterFileException) e).problems())
                        .singleElement()
                        .asString()
                        .matches("line \\d+: not valid YAML: .*"));
    }

    @Test
    void aFileWithoutTheAgenciesMapIsRefused() throws Exception {
        assertThatThrownBy(() -> AgencyRegister.ids(file("agency:\n  a: {}\n")))
                .isInstanceOf(RegisterFileException.class)
                .hasMessageContaining("line 1: expected a top-level 'agencies:' map keyed by agency id");
    }
}
