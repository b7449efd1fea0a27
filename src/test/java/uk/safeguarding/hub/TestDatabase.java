package uk.safeguarding.hub;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh in-memory H2 database with the hub's schema (its migrations), for unit tests of the parts that own tables. */
public final class TestDatabase {

    public final DriverManagerDataSource dataSource;
    public final JdbcTemplate jdbc;
    public final TransactionTemplate tx;

    private TestDatabase() {
        dataSource =
                new DriverManagerDataSource("jdbc:h2:mem:unit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        migrate(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public static TestDatabase create() {
        return new TestDatabase();
    }

    /** The hub's migrations, as the hub runs them at start (config/application.yaml, spring.flyway). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
