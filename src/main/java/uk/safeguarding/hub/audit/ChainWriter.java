package uk.safeguarding.hub.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the work that appends to the audit chain. Every such transaction locks the chain's head until
 * it commits, so they run one at a time and each waits for its own durable commit: the commit, not the work, set
 * the pace. Here one thread runs the work waiting at that moment in one transaction and one commit, then answers
 * every caller; a caller returns only after the commit that holds its work, as before. If anything in a group
 * fails, the group is rolled back and each piece is run again alone, so only the failing one fails.
 */
@Component
public class ChainWriter {

    private static final Logger log = LoggerFactory.getLogger(ChainWriter.class);
    static final int MOST_PER_COMMIT = 64;

    private record Work<T>(Supplier<T> body, CompletableFuture<T> done) {
        void runAlone(TransactionTemplate tx) {
            try {
                done.complete(tx.execute(status -> body.get()));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }

    private final TransactionTemplate tx;
    private final DataSource dataSource;
    private final DistributionSummary groupSize;
    private final Counter groupsFailed;
    private final BlockingQueue<Work<?>> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean stopping;

    public ChainWriter(TransactionTemplate tx, DataSource dataSource, MeterRegistry meters) {
        this.tx = tx;
        this.dataSource = dataSource;
        this.groupSize = DistributionSummary.builder("hub.chain.commit.writes")
                .description("Writes to the audit chain committed together in one transaction")
                .register(meters);
        this.groupsFailed = Counter.builder("hub.chain.commit.failed.groups")
                .description("Groups rolled back because one write failed, then run one by one")
                .register(meters);
        this.writer = new Thread(this::writeGroups, "audit-chain-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Runs {@code body} in a transaction shared with whatever else is waiting; its result once committed. */
    public <T> T write(Supplier<T> body) {
        if (Thread.currentThread() == writer || TransactionSynchronizationManager.hasResource(dataSource)) {
            return tx.execute(status -> body.get()); // already inside a transaction: joins it
        }
        if (stopping) {
            throw new IllegalStateException("the hub is stopping");
        }
        Work<T> work = new Work<>(body, new CompletableFuture<>());
        waiting.add(work);
        try {
            while (true) {
                try {
                    return work.done().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException slow) {
                    // Added just as the writer stopped, after its last look at the queue: nobody will run it.
                    if (!writer.isAlive() && waiting.remove(work)) {
                        throw new IllegalStateException("the hub is stopping");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void writeGroups() {
        List<Work<?>> group = new ArrayList<>();
        while (!stopping) {
            try {
                Work<?> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
            } catch (InterruptedException e) {
                break;
            }
            waiting.drainTo(group, MOST_PER_COMMIT - 1);
            groupSize.record(group.size());
            if (group.size() == 1) {
                group.get(0).runAlone(tx);
            } else {
                List<Object> results = new ArrayList<>();
                try {
                    tx.executeWithoutResult(
                            status -> group.forEach(w -> results.add(w.body().get())));
                    for (int i = 0; i < group.size(); i++) {
                        complete(group.get(i), results.get(i));
                    }
                } catch (RuntimeException | Error e) {
                    groupsFailed.increment();
                    log.debug("a group of {} failed ({}); each runs alone", group.size(), e.toString());
                    group.forEach(w -> w.runAlone(tx));
                }
            }
            group.clear();
        }
        Work<?> left;
        while ((left = waiting.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the hub is stopping"));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Work<T> work, Object result) {
        work.done().complete((T) result);
    }

    /** Finishes the group in hand (never interrupted: H2 closes a file a thread is interrupted in). */
    @PreDestroy
    public void stop() throws InterruptedException {
        stopping = true;
        writer.join(10_000);
    }
}
