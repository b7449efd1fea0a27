package uk.safeguarding.hub;

import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh in-memory H2 database with the hub's schema, for unit tests of the parts that own tables. */
public final class TestDatabase {

    public final DriverManagerDataSource dataSource;
    public final JdbcTemplate jdbc;
    public final TransactionTemplate tx;

    private TestDatabase() {
        dataSource =
                new DriverManagerDataSource("jdbc:h2:mem:unit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new FileSystemResource("src/main/resources/schema.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public static TestDatabase create() {
        return new TestDatabase();
    }
}
