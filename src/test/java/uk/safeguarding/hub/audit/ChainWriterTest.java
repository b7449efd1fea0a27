package uk.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class ChainWriterTest {

    DriverManagerDataSource db;
    JdbcTemplate jdbc;
    TransactionTemplate tx;
    ChainWriter writer;
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    ExecutorService callers = Executors.newFixedThreadPool(12);

    @BeforeEach
    void database() {
        db = new DriverManagerDataSource("jdbc:h2:mem:chain-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(db);
        jdbc.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        writer = new ChainWriter(tx, db, meters);
    }

    @AfterEach
    void stop() throws Exception {
        callers.shutdownNow();
        writer.stop();
    }

    /** The writer is held by a first piece of work while ten others arrive: those ten share one transaction. */
    @Test
    void workWaitingAtTheSameMomentSharesOneCommitAndEachCallerHasItsOwnResult() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> first = callers.submit(() -> writer.write(() -> {
            holding.countDown();
            await(release);
            return jdbc.update("INSERT INTO t VALUES (0)");
        }));
        holding.await();
        Set<Object> transactions = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> rest = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int id = i;
            rest.add(callers.submit(() -> writer.write(() -> {
                transactions.add(TransactionSynchronizationManager.getResource(db));
                jdbc.update("INSERT INTO t VALUES (?)", id);
                return id;
            })));
        }
        while (rest.stream().filter(Future::isDone).count() == 0 && countWaiting() < 10) {
            Thread.sleep(10);
        }
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(transactions).hasSize(1);
        assertThat(meters.summary("hub.chain.commit.writes").max()).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class)).isEqualTo(11);
    }

    @Test
    void aFailingPieceFailsAloneAndTheRestOfItsGroupIsCommitted() throws Exception {
        jdbc.update("INSERT INTO t VALUES (5)");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> first = callers.submit(() -> writer.write(() -> {
            holding.countDown();
            await(release);
            return null;
        }));
        holding.await();
        List<Future<Integer>> group = new ArrayList<>();
        for (int i = 4; i <= 6; i++) {
            int id = i;
            group.add(callers.submit(() -> writer.write(() -> jdbc.update("INSERT INTO t VALUES (?)", id))));
        }
        while (countWaiting() < 3) {
            Thread.sleep(10);
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(group.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> group.get(1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(group.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT id FROM t ORDER BY id", Integer.class))
                .containsExactly(4, 5, 6);
        assertThat(meters.counter("hub.chain.commit.failed.groups").count()).isEqualTo(1);
    }

    @Test
    void insideATransactionTheWorkJoinsIt() {
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    writer.write(() -> jdbc.update("INSERT INTO t VALUES (1)"));
                    throw new IllegalStateException("roll back");
                }))
                .hasMessage("roll back");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class)).isZero();
    }

    @Test
    void workArrivingAfterTheWriterStoppedIsRefusedNotLeftWaiting() throws Exception {
        writer.stop();
        assertThatThrownBy(() -> writer.write(() -> jdbc.update("INSERT INTO t VALUES (1)")))
                .hasMessageContaining("stopping");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class)).isZero();
        // the race: past the check as the writer stops, after its last look at the queue
        var stopping = ChainWriter.class.getDeclaredField("stopping");
        stopping.setAccessible(true);
        stopping.set(writer, false);
        assertThatThrownBy(() -> writer.write(() -> jdbc.update("INSERT INTO t VALUES (2)")))
                .hasMessageContaining("stopping");
        assertThat(countWaiting()).isZero();
    }

    private int countWaiting() throws Exception {
        var field = ChainWriter.class.getDeclaredField("waiting");
        field.setAccessible(true);
        return ((java.util.Collection<?>) field.get(writer)).size();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
