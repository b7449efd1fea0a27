package uk.safeguarding.hub.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API description for people: every call of the OpenAPI document ({@link ApiDocument}), grouped by
 * tag, with who may make it, its parameters and its answers; and the document itself to download.
 */
@Controller
class ApiPage {

    /** One call, as the page shows it. */
    record Call(
            String method, String path, String summary, String who, List<String> parameters, List<String> answers) {}

    private static final List<String> METHODS = List.of("get", "post", "put", "delete");

    private final String yaml;
    private final Map<String, List<Call>> byTag;
    private final Map<String, String> tagDescriptions = new LinkedHashMap<>();
    private final String title;

    ApiPage(ApiDocument document) {
        yaml = document.yaml();
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        title = String.valueOf(map(root.get("info")).get("title"));
        byTag = new LinkedHashMap<>();
        for (Object t : list(root.get("tags"))) {
            Map<String, Object> tag = map(t);
            tagDescriptions.put(String.valueOf(tag.get("name")), String.valueOf(tag.get("description")));
            byTag.put(String.valueOf(tag.get("name")), new ArrayList<>());
        }
        Map<String, Object> components = map(root.get("components"));
        List<Object> defaultSecurity = list(root.get("security"));
        map(root.get("paths"))
                .forEach((path, item) -> map(item).forEach((method, op) -> {
                    if (!METHODS.contains(method)) {
                        return;
                    }
                    Map<String, Object> operation = map(op);
                    Call call = new Call(
                            method.toUpperCase(),
                            path,
                            String.valueOf(operation.get("summary")),
                            who(operation.containsKey("security") ? list(operation.get("security")) : defaultSecurity),
                            list(operation.get("parameters")).stream()
                                    .map(p -> parameter(resolve(map(p), components, "parameters")))
                                    .toList(),
                            map(operation.get("responses")).entrySet().stream()
                                    .map(r -> r.getKey() + " "
                                            + resolve(map(r.getValue()), components, "responses")
                                                    .get("description"))
                                    .toList());
                    String tag = String.valueOf(list(operation.get("tags")).get(0));
                    byTag.computeIfAbsent(tag, k -> new ArrayList<>()).add(call);
                }));
    }

    @GetMapping("/console/api")
    String page(Model model) {
        model.addAttribute("title", title);
        model.addAttribute("byTag", byTag);
        model.addAttribute("tagDescriptions", tagDescriptions);
        return "console/api";
    }

    @GetMapping("/console/api/openapi.yaml")
    ResponseEntity<String> document() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .header("Content-Disposition", "attachment; filename=\"hub-api.yaml\"")
                .body(yaml);
    }

    private static String who(List<Object> security) {
        if (security.isEmpty()) {
            return "anyone";
        }
        List<String> ways = new ArrayList<>();
        for (Object s : security) {
            for (String scheme : map(s).keySet()) {
                ways.add(
                        switch (scheme) {
                            case "agencyCertificate" -> "an agency (client certificate)";
                            case "person" -> "a person signed in";
                            default -> scheme;
                        });
            }
        }
        return String.join(" or ", ways);
    }

    private static String parameter(Map<String, Object> p) {
        return p.get("name") + " (" + p.get("in") + (Boolean.TRUE.equals(p.get("required")) ? ", required" : "") + ")";
    }

    /** A {@code $ref} to {@code #/components/<kind>/<name>}, or the map itself. */
    private static Map<String, Object> resolve(Map<String, Object> m, Map<String, Object> components, String kind) {
        Object ref = m.get("$ref");
        if (ref == null) {
            return m;
        }
        String name = ref.toString().substring(ref.toString().lastIndexOf('/') + 1);
        return map(map(components.get(kind)).get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
