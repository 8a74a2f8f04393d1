package cn.docsearch.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The platform's shared secret, which the gateway sends to the services and ingest-service's instances to each other
 * in header {@value #HEADER}; a service with it set answers nothing else (but its /q/ endpoints).
 */
public final class InternalToken {
    public static final String HEADER = "X-Docsearch-Internal-Token";

    private final byte[] expected;

    public InternalToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("An internal token cannot be empty");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a request's header value is the token; in constant time, so that timing tells nothing of it. */
    public boolean admits(String presented) {
        return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }
}
