package uk.safeguarding.hub.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI 3.1 description of the agency and admin API ({@code openapi/hub-api.yaml}), written by hand and kept
 * to the controllers by {@code ApiDescriptionTest}; read once. People read it on the console's API page, agency
 * systems at {@code /api/openapi.yaml}.
 */
@Component
public class ApiDocument {

    private final String yaml;

    ApiDocument() throws IOException {
        try (InputStream in = new ClassPathResource("openapi/hub-api.yaml").getInputStream()) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public String yaml() {
        return yaml;
    }
}
