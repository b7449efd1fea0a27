package uk.safeguarding.hub.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The GOV.UK Frontend styles name their images under {@code /assets/}: served from the WebJar inside the jar. Its
 * fonts are not served (GDS Transport is for GOV.UK services alone): the styles fall back to Arial. The console's
 * own styles and script are under {@code /assets/console/}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleAssets implements WebMvcConfigurer {

    static final String GOVUK = "classpath:/META-INF/resources/webjars/govuk-frontend/5.14.0/dist/govuk/assets/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/images/**").addResourceLocations(GOVUK + "images/");
        // The console's own few styles and its one script (enhancements only: every page works without it).
        registry.addResourceHandler("/assets/console/**").addResourceLocations("classpath:/console-assets/");
    }
}
