package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import uk.safeguarding.hub.message.MessageRefused;

/**
 * Fuzzing the two intake readers with mutated examples (bytes flipped, cut, repeated, spliced in): whatever comes
 * in, a reader either reads a message or refuses it with {@link MessageRefused}; no other exception, no error.
 * The number of tries comes from {@code jqwik.tries.default} (junit-platform.properties: 1,000 in the normal suite;
 * {@code mvn test -Pfuzz} runs 1,000,000).
 */
class IntakeFuzzProperties {

    static final FhirMessageReader FHIR = new FhirMessageReader(FhirContext.forR4Cached());
    static final Hl7MessageReader HL7 = new Hl7MessageReader(FHIR);
    static final List<byte[]> FHIR_SEEDS = seeds("src/test/resources/messages/examples", ".json");
    static final List<byte[]> HL7_SEEDS = seeds("src/test/resources/messages", ".hl7");
    static long refused;
    static long read;

    static List<byte[]> seeds(String dir, String suffix) {
        try (var files = Files.walk(Path.of(dir))) {
            List<byte[]> out = new ArrayList<>();
            for (Path p :
                    files.filter(f -> f.toString().endsWith(suffix)).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Mutation(int kind, int at, int length, byte value) {

        byte[] apply(byte[] seed) {
            int pos = seed.length == 0 ? 0 : Math.floorMod(at, seed.length);
            return switch (kind) {
                case 0 -> { // flip a byte
                    byte[] b = seed.clone();
                    if (b.length > 0) {
                        b[pos] = value;
                    }
                    yield b;
                }
                case 1 -> java.util.Arrays.copyOf(seed, pos); // cut short
                case 2 -> { // repeat a stretch
                    int len = Math.min(length, seed.length - pos);
                    byte[] b = new byte[seed.length + len];
                    System.arraycopy(seed, 0, b, 0, pos + len);
                    System.arraycopy(seed, pos, b, pos + len, seed.length - pos);
                    yield b;
                }
                case 3 -> { // delete a stretch
                    int len = Math.min(length, seed.length - pos);
                    byte[] b = new byte[seed.length - len];
                    System.arraycopy(seed, 0, b, 0, pos);
                    System.arraycopy(seed, pos + len, b, pos, seed.length - pos - len);
                    yield b;
                }
                default -> { // splice in one of the characters that matter to the format
                    byte[] b = new byte[seed.length + 1];
                    System.arraycopy(seed, 0, b, 0, pos);
                    byte[] special = "{}[]\",:|^~\\&\r\n\u0000".getBytes();
                    b[pos] = special[Math.floorMod(value, special.length)];
                    System.arraycopy(seed, pos, b, pos + 1, seed.length - pos);
                    yield b;
                }
            };
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.integers().between(1, 200),
                        Arbitraries.bytes())
                .as(Mutation::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8);
    }

    static byte[] mutate(byte[] seed, List<Mutation> mutations) {
        byte[] b = seed;
        for (Mutation m : mutations) {
            b = m.apply(b);
        }
        return b;
    }

    @Property
    void theFhirReaderReadsOrRefusesAnything(
            @ForAll("mutations") List<Mutation> mutations, @ForAll("seedIndex") int seed) {
        byte[] input = mutate(FHIR_SEEDS.get(seed % FHIR_SEEDS.size()), mutations);
        try {
            assertThat(FHIR.read(input, null)).isNotNull();
            read++;
        } catch (MessageRefused expected) {
            refused++;
        }
    }

    @Property
    void theHl7ReaderReadsOrRefusesAnything(
            @ForAll("mutations") List<Mutation> mutations, @ForAll("seedIndex") int seed) {
        byte[] input = mutate(HL7_SEEDS.get(seed % HL7_SEEDS.size()), mutations);
        try {
            assertThat(HL7.read(input, null)).isNotNull();
            read++;
        } catch (MessageRefused expected) {
            refused++;
        }
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, 1000);
    }

    @AfterContainer
    static void report() {
        System.out.println("intake fuzz: " + read + " read, " + refused + " refused");
    }
}
