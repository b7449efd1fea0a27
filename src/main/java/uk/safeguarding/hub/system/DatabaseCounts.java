package uk.safeguarding.hub.system;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How many statements the hub runs on its database, how many transactions it commits and how many audit entries it
 * appends, as {@code hub_database_statements_total}, {@code hub_database_commits_total} and {@code
 * hub_audit_entries_total}: the load tool divides them by
 * the messages accepted (docs/performance.md, the cost model). The data source is wrapped by datasource-proxy,
 * which counts without changing what runs.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseCounts {

    static final LongAdder STATEMENTS = new LongAdder();
    static final LongAdder COMMITS = new LongAdder();

    @Bean
    static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource dataSource)
                        || bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource) {
                    return bean;
                }
                return ProxyDataSourceBuilder.create(dataSource)
                        .name(name)
                        .afterQuery((execution, queries) -> STATEMENTS.increment())
                        .methodListener(new MethodExecutionListener() {
                            @Override
                            public void beforeMethod(MethodExecutionContext context) {}

                            @Override
                            public void afterMethod(MethodExecutionContext context) {
                                if (context.getTarget() instanceof java.sql.Connection
                                        && context.getMethod().getName().equals("commit")
                                        && context.getThrown() == null) {
                                    COMMITS.increment();
                                }
                            }
                        })
                        .build();
            }
        };
    }

    @Bean
    MeterBinder databaseCountMeters(uk.safeguarding.hub.audit.AuditTrail audit) {
        return registry -> {
            FunctionCounter.builder("hub.audit.entries", audit, uk.safeguarding.hub.audit.AuditTrail::appended)
                    .description("audit entries appended by this instance")
                    .register(registry);
            for (uk.safeguarding.hub.audit.AuditType type : uk.safeguarding.hub.audit.AuditType.values()) {
                FunctionCounter.builder("hub.audit.entries.by.type", audit, a -> a.appended(type))
                        .description("audit entries of one type appended by this instance")
                        .tag("type", type.name())
                        .register(registry);
            }
            FunctionCounter.builder("hub.database.statements", STATEMENTS, LongAdder::sum)
                    .description("statements run on the hub's database (a batch counts once: one round trip)")
                    .register(registry);
            FunctionCounter.builder("hub.database.commits", COMMITS, LongAdder::sum)
                    .description("transactions committed on the hub's database")
                    .register(registry);
        };
    }
}
