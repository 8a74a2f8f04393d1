package cn.docsearch.gateway.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * The platform's shared token, sent to ingest-service and search-service with every call (header
     * X-Docsearch-Internal-Token); the same value as their ingest.internal-token and search.internal-token.
     */
    Optional<String> internalToken();

    Limits limits();

    /**
     * Largest request bodies by kind, checked on Content-Length before a byte is read: a JSON or text body is read
     * whole into memory, so it is capped at what the document limits can need. Multipart uploads are streamed to disk
     * and bounded by quarkus.http.limits.max-body-size.
     */
    interface Limits {
        /** One JSON document: its text (2 million characters, up to 4 bytes each in UTF-8) and metadata. */
        @WithDefault("9437184")
        long jsonBytes();

        /** A JSON batch or batch job of up to 1000 documents; larger collections go as files or several batches. */
        @WithDefault("104857600")
        long batchJsonBytes();

        /** A plain-text document. */
        @WithDefault("8388608")
        long textBytes();
    }
}
