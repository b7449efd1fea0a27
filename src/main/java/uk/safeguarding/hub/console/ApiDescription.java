package uk.safeguarding.hub.console;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/openapi.yaml}: the API's OpenAPI description ({@link ApiDocument}), for any agency or person. */
@RestController
class ApiDescription {

    private final ApiDocument document;

    ApiDescription(ApiDocument document) {
        this.document = document;
    }

    @GetMapping("/api/openapi.yaml")
    ResponseEntity<String> openApi() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(document.yaml());
    }
}
