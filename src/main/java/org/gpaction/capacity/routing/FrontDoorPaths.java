package org.gpaction.capacity.routing;

import org.gpaction.common.web.ExpiredFormPages;
import org.gpaction.common.web.PublicPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The front door's pages and JSON need no sign-in; a request refused because its session ended goes back to its page. */
@Configuration(proxyBeanMethods = false)
class FrontDoorPaths {
    @Bean
    PublicPaths capacityPublicPaths() {
        return PublicPaths.of("/p/*", "/p/*/sent", "/api/practices/*/front-door");
    }

    @Bean
    ExpiredFormPages capacityExpiredFormPages() {
        return ExpiredFormPages.of("/p/*");
    }
}
