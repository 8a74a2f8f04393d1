package cn.docsearch.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;

/**
 * Headers every answer of the gateway carries: no content-type sniffing, no referrer, and for the search page and
 * the API a content security policy that lets a page run only scripts and styles of this origin (the search page
 * has no inline script), so that a highlight that slipped through escaping could not run. Swagger UI (under /q/)
 * relies on inline scripts and keeps the defaults.
 */
@ApplicationScoped
public class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            if (!context.normalizedPath().startsWith("/q/")) {
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Frame-Options", "DENY");
            }
            context.next();
        });
    }
}
