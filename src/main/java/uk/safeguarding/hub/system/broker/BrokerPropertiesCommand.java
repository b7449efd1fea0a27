package uk.safeguarding.hub.system.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.delivery.PushProperties;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.system.host.DevPkiEnvironmentPostProcessor;

/**
 * {@code java -jar target/safeguarding-hub.jar broker-properties [config/application.yaml]}: the hub's addresses,
 * queues, diverts, retry settings and roles as Artemis broker properties, for an external broker started with
 * {@code artemis run --properties /path/to/hub-broker.properties}. They come from the same code that lays out the
 * embedded broker, from the agency register and settings the configuration file names, so the two are the same.
 */
public final class BrokerPropertiesCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BrokerPropertiesCommand() {}

    public static int main(List<String> args) {
        return run(args, System.out, System.err);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() > 1) {
            err.println("usage: broker-properties [config/application.yaml]");
            return 1;
        }
        Path file = Path.of(args.isEmpty() ? "config/application.yaml" : args.get(0));
        try {
            StandardEnvironment environment = new StandardEnvironment();
            new YamlPropertySourceLoader()
                    .load("hub", new FileSystemResource(file))
                    .forEach(environment.getPropertySources()::addLast);
            Binder binder = Binder.get(environment);
            RegisterProperties register =
                    binder.bind("hub.register", RegisterProperties.class).get();
            if (binder.bind("hub.pki.generate-dev", Boolean.class).orElse(false)) {
                // as at the server's first start: the register names the development certificates
                DevPki pki = new DevPki(Path.of(
                        binder.bind("hub.pki.dev-directory", String.class).orElse("certs/dev")));
                pki.ensure(DevPkiEnvironmentPostProcessor.agencyIds(Path.of(register.agencies())));
                environment
                        .getPropertySources()
                        .addLast(new org.springframework.core.env.PropertiesPropertySource(
                                "dev-secrets", pki.secrets()));
            }
            BrokerProperties broker = Binder.get(environment)
                    .bind("hub.broker", BrokerProperties.class)
                    .get();
            PushProperties push = binder.bind("hub.push", PushProperties.class).get();
            out.print(write(layout(AgencyRegister.load(Path.of(register.agencies()), Path.of(".")), broker, push)));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("cannot write the broker properties from " + file + ": " + e.getMessage());
            return 1;
        }
    }

    static Configuration layout(AgencyRegister register, BrokerProperties broker, PushProperties push) {
        Configuration configuration = new ConfigurationImpl();
        BrokerConfig.layOut(configuration, register, broker, push);
        return configuration;
    }

    /** The layout in the broker-properties syntax (Artemis "Configuration via properties"). */
    static String write(Configuration c) {
        StringBuilder out = new StringBuilder();
        out.append(
                        "# Safeguarding Hub: addresses, queues, diverts, retries and roles for an external Artemis broker.\n")
                .append(
                        "# Written by `java -jar safeguarding-hub.jar broker-properties`; write it again when the agency"
                                + " register changes.\n");
        line(out, "persistIDCache", c.isPersistIDCache());
        line(out, "IDCacheSize", c.getIDCacheSize());
        line(out, "securityEnabled", c.isSecurityEnabled());
        line(out, "populateValidatedUser", c.isPopulateValidatedUser());
        for (QueueConfiguration q : c.getQueueConfigs()) {
            String address = "addressConfigurations." + quoted(q.getAddress().toString());
            line(out, address + ".routingTypes", q.getRoutingType());
            String queue = address + ".queueConfigs." + quoted(q.getName().toString());
            line(out, queue + ".address", q.getAddress());
            line(out, queue + ".routingType", q.getRoutingType());
            line(out, queue + ".durable", q.isDurable());
        }
        for (Map.Entry<String, AddressSettings> setting : new TreeMap<>(c.getAddressSettings()).entrySet()) {
            JsonNode fields = JSON.readTree(setting.getValue().toJSON());
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                line(
                        out,
                        "addressesSettings." + quoted(setting.getKey()) + "." + field.getKey(),
                        field.getValue().asString());
            }
        }
        for (DivertConfiguration d : c.getDivertConfigurations()) {
            String divert = "divertConfigurations." + quoted(d.getName());
            line(out, divert + ".address", d.getAddress());
            line(out, divert + ".forwardingAddress", d.getForwardingAddress());
            line(out, divert + ".exclusive", d.isExclusive());
            line(out, divert + ".routingType", d.getRoutingType());
        }
        for (Map.Entry<String, Set<Role>> match : new TreeMap<>(c.getSecurityRoles()).entrySet()) {
            for (Role role : match.getValue().stream()
                    .sorted(java.util.Comparator.comparing(Role::getName))
                    .toList()) {
                String prefix = "securityRoles." + quoted(match.getKey()) + "." + role.getName() + ".";
                Map<String, Boolean> permissions = new java.util.LinkedHashMap<>();
                permissions.put("send", role.isSend());
                permissions.put("consume", role.isConsume());
                permissions.put("createAddress", role.isCreateAddress());
                permissions.put("deleteAddress", role.isDeleteAddress());
                permissions.put("createDurableQueue", role.isCreateDurableQueue());
                permissions.put("deleteDurableQueue", role.isDeleteDurableQueue());
                permissions.put("createNonDurableQueue", role.isCreateNonDurableQueue());
                permissions.put("deleteNonDurableQueue", role.isDeleteNonDurableQueue());
                permissions.put("manage", role.isManage());
                permissions.put("browse", role.isBrowse());
                permissions.put("view", role.isView());
                permissions.put("edit", role.isEdit());
                permissions.forEach((name, allowed) -> {
                    if (allowed) {
                        line(out, prefix + name, true);
                    }
                });
            }
        }
        return out.toString();
    }

    /** Names hold dots and wildcards: quoted, they are one key part. */
    private static String quoted(String name) {
        if (!name.matches("[A-Za-z0-9._#*-]+")) {
            throw new IllegalArgumentException("cannot write a broker property for the name '" + name + "'");
        }
        return "\"" + name + "\"";
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append('=').append(value).append('\n');
    }
}
