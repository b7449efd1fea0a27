package uk.safeguarding.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks ({@code mvn test -Pbench}; skipped otherwise) and prints each figure with the targets
 * of docs/performance.md: rule decisions at least 100,000 a second on one thread, sealing within 1.5x of its raw primitives.
 */
class JmhRunner {

    @Test
    void runTheBenchmarks() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench"), "benchmarks run with -Pbench");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        // -Dbench.include=storeOneMessage: only the benchmarks whose names match
                        .include(
                                HotPathBenchmarks.class.getSimpleName() + "." + System.getProperty("bench.include", ""))
                        .forks(1)
                        .threads(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(2))
                        .build())
                .run();
        Map<String, Double> perSecond = new TreeMap<>();
        results.forEach(r -> perSecond.put(
                r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                r.getPrimaryResult().getScore()));
        StringBuilder out =
                new StringBuilder("JMH, one thread, operations per second (" + System.getProperty("java.version") + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores)\n");
        perSecond.forEach((name, score) ->
                out.append(String.format("  %-28s %,14.0f /s  (%,.1f µs each)%n", name, score, 1_000_000 / score)));
        if (perSecond.containsKey("sealOneShare") && perSecond.containsKey("rawPrimitivesOfOneShare")) {
            double ratio = perSecond.get("rawPrimitivesOfOneShare") / perSecond.get("sealOneShare");
            out.append(String.format("  sealing / raw primitives:    %.2fx the time (target <= 1.5x)%n", ratio));
        }
        if (perSecond.containsKey("decideForEveryAgency")) {
            out.append(String.format(
                    "  rule decisions:              %,.0f /s (target >= 100,000)%n",
                    perSecond.get("decideForEveryAgency")));
        }
        System.out.print(out);
        Files.writeString(Path.of("target/jmh.txt"), out);
    }
}
