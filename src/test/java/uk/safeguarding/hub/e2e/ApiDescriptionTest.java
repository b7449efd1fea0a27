package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The hand-written OpenAPI description is served, is valid OpenAPI 3 (swagger-parser finds no problem), and
 * describes exactly the calls the hub's REST controllers answer: every one of them, and nothing else.
 */
class ApiDescriptionTest extends HubTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    String served() throws Exception {
        var response = as("drug-service").get("/api/openapi.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        return response.body();
    }

    @Test
    void theDescriptionIsValidOpenApi() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served(), null, options);
        assertThat(result.getMessages()).as("swagger-parser's problems").isEmpty();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
        result.getOpenAPI()
                .getPaths()
                .forEach((path, item) -> item.readOperations()
                        .forEach(op -> assertThat(op.getResponses()).as(path).isNotEmpty()));
    }

    @Test
    void itDescribesEveryCallOfTheControllersAndNoOther() throws Exception {
        Set<String> described = new TreeSet<>();
        new OpenAPIV3Parser()
                .readContents(served(), null, new ParseOptions())
                .getOpenAPI()
                .getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().keySet().forEach(method -> described.add(method + " " + path)));

        Set<String> answered = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Class<?> type = handler.getBeanType();
            if (!type.getPackageName().startsWith("uk.safeguarding.hub")
                    || !type.isAnnotationPresent(RestController.class)) {
                return;
            }
            info.getPatternValues()
                    .forEach(
                            path -> info.getMethodsCondition().getMethods().forEach(m -> answered.add(m + " " + path)));
        });
        assertThat(answered).as("the controllers' calls").hasSizeGreaterThan(40);
        assertThat(described).isEqualTo(answered);
    }

    @Test
    void peopleMayReadItAndNobodyElse() throws Exception {
        assertThat(People.ops(port).get("/api/openapi.yaml").statusCode()).isEqualTo(200);
        assertThat(AgencyClient.anonymous(port).get("/api/openapi.yaml").statusCode())
                .isEqualTo(401);
    }
}
