package cn.docsearch.gateway.auth;

import java.util.List;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;

/**
 * Who sent a request, as its key says, and what that means for the request: which collections it sees and writes.
 *
 * @param keyId             the key's id (not its secret), recorded as the author of what the caller does
 * @param collections       the collections the key may see and write; "*" for all
 * @param requestsPerSecond the key's rate limit; 0 for none
 * @param burst             requests the caller may make at once after being idle (see RateLimiter)
 */
public record Caller(String keyId, String name, Role role, List<String> collections, int requestsPerSecond,
                     int burst) {

    public boolean seesAllCollections() {
        return collections.contains(CollectionNames.ALL);
    }

    /**
     * The caller's collections as the internal services take them (comma-separated), or null for all: every read is
     * filtered by them there.
     */
    public String scope() {
        return seesAllCollections() ? null : String.join(",", collections);
    }

    /**
     * The collection a document of this caller goes to: the one asked for, which the key must have (403 otherwise),
     * else the key's first collection ("default" for a key of all collections).
     */
    public String collectionFor(String requested) {
        if (requested == null || requested.isBlank()) {
            return seesAllCollections() ? CollectionNames.DEFAULT : collections.get(0);
        }
        String collection = requested.strip();
        if (!seesAllCollections() && !collections.contains(collection)) {
            throw new ProblemException(new Problem("urn:docsearch:problem:collection-forbidden", "Forbidden", 403,
                    "The key may not write to collection '" + collection + "'; its collections: " + collections));
        }
        return collection;
    }

    /**
     * The Idempotency-Key as the internal services get it: a key's own, so that two callers choosing the same key
     * never get each other's answer.
     */
    public String idempotencyKey(String requested) {
        return requested == null || requested.isBlank() ? null : keyId + ":" + requested;
    }
}
