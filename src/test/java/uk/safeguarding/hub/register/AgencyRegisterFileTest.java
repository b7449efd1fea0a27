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
                                "line 7: agency 'b': unknown key 'colour' (known: active, certificate, format, frontDoor, name,"
                                        + " push, role)",
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
