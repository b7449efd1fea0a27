package uk.safeguarding.hub.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAPI 3 description of the agency and admin API ({@code openapi/hub-api.yaml}), written by hand and kept
 * to the controllers by {@code ApiDescriptionTest}: {@code GET /api/openapi.yaml} for any agency or person.
 */
@RestController
class ApiDescription {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final Text text;

    ApiDescription(Text text) {
        this.text = text;
    }

    @GetMapping("/api/openapi.yaml")
    ResponseEntity<String> openApi() {
        return ResponseEntity.ok().contentType(YAML).body(text.yaml());
    }

    /** The description's text, read once. */
    @Component
    public static class Text {

        private final String yaml;

        Text() throws IOException {
            try (InputStream in = new ClassPathResource("openapi/hub-api.yaml").getInputStream()) {
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        public String yaml() {
            return yaml;
        }
    }
}
