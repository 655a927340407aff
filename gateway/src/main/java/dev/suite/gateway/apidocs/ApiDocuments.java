package dev.suite.gateway.apidocs;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.setPath;
import static org.springframework.cloud.gateway.server.mvc.filter.LoadBalancerFilterFunctions.lb;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The public API's OpenAPI documents and Swagger UI, and nothing else of the services: {@code GET /v3/api-docs/orders}
 * and {@code GET /v3/api-docs/inventory} are the services' own {@code /v3/api-docs} (through discovery and load
 * balancing, like the API routes), {@code /swagger-ui.html} opens Swagger UI (the swagger-ui webjar) on both.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocuments {

    /** The name in the gateway's URL and the service whose document it is. */
    static final Map<String, String> DOCUMENTS = documents();

    private static final String UI = "/swagger-ui/";

    @Bean
    RouterFunction<ServerResponse> apiDocumentRoutes() {
        RouterFunction<ServerResponse> routes = null;
        for (Map.Entry<String, String> document : DOCUMENTS.entrySet()) {
            RouterFunction<ServerResponse> one = route("api-docs-" + document.getKey())
                    .GET("/v3/api-docs/" + document.getKey(), http())
                    .before(setPath("/v3/api-docs"))
                    .filter(lb(document.getValue()))
                    .build();
            routes = routes == null ? one : routes.and(one);
        }
        return routes;
    }

    @Bean
    RouterFunction<ServerResponse> swaggerUi() throws IOException {
        String initializer = "window.onload = function () {\n"
                + "  window.ui = SwaggerUIBundle({\n"
                + "    urls: [" + DOCUMENTS.keySet().stream()
                        .map(name -> "{ url: '/v3/api-docs/" + name + "', name: '" + name + "' }")
                        .collect(Collectors.joining(", ")) + "],\n"
                + "    dom_id: '#swagger-ui', deepLinking: true,\n"
                + "    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],\n"
                + "    layout: 'StandaloneLayout'\n"
                + "  });\n"
                + "};\n";
        return RouterFunctions.route()
                .GET("/swagger-ui.html", request -> ServerResponse.status(HttpStatus.FOUND)
                        .location(URI.create(UI + "index.html")).build())
                .GET(UI + "swagger-initializer.js", request -> ServerResponse.ok()
                        .contentType(MediaType.valueOf("text/javascript")).body(initializer))
                .resources(UI + "**", swaggerUiWebjar())
                .build();
    }

    /** {@code META-INF/resources/webjars/swagger-ui/<version>/}, whatever the version on the class path. */
    private static Resource swaggerUiWebjar() throws IOException {
        Resource[] index = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:META-INF/resources/webjars/swagger-ui/*/index.html");
        if (index.length == 0) {
            throw new IllegalStateException("The swagger-ui webjar is not on the class path");
        }
        return index[0].createRelative("./");
    }

    private static Map<String, String> documents() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("orders", "order-service");
        documents.put("inventory", "inventory-service");
        return documents;
    }
}
