package uk.safeguarding.hub;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** Loads one of the shipped route files from routes/ into a Camel Test context, as the hub does at start. */
public final class YamlRoutes {

    private YamlRoutes() {}

    /** The route file with the shared error configuration (errors.camel.yaml), and the extra routes. */
    public static RouteBuilder from(String file, RouteBuilder extra) {
        return from(java.util.List.of("errors.camel.yaml", file), extra);
    }

    public static RouteBuilder from(java.util.List<String> files, RouteBuilder extra) {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                CamelContext context = getContext();
                for (String file : files) {
                    PluginHelper.getRoutesLoader(context)
                            .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:routes/" + file));
                }
                if (extra != null) {
                    context.addRoutes(extra);
                }
            }
        };
    }
}
