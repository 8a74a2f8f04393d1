package cn.docsearch.search.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.docsearch.search.index.CollectionScope;

import co.elastic.clients.elasticsearch._types.FieldValue;

/**
 * Where the next page of a search starts, handed to the caller as {@code next} and taken back as {@code cursor}: an
 * opaque, URL-safe string (base64url of this record as JSON). It holds all a page needs, so search-service keeps no
 * state per walk: the search's fingerprint, the rank the next page starts at, and for keyword mode the point in time the
 * walk reads and the sort values of the last hit shown. The fingerprint ties it to one search (query, mode, filters,
 * sort and the caller's collections): used with another, or altered, it is an {@link InvalidCursorException}. Nothing
 * in it widens what the caller may see, since every request is still narrowed by the request's own scope and filters.
 *
 * @param fingerprint  {@link #fingerprint(SearchPage, CollectionScope)} of the search it continues
 * @param offset       the rank, from 0, of the next page's first hit
 * @param pointInTime  keyword mode: the point in time the walk reads, null until the second page opens one
 * @param after        keyword mode: the sort values of the last hit shown (score or date, ..., id), the page starts
 *                     after them; empty in semantic and hybrid mode
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchCursor(String fingerprint, int offset, String pointInTime, List<Object> after) {
    /** Longer than any cursor this service writes (a point in time id is a few hundred characters). */
    public static final int MAX_CHARS = 4096;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public SearchCursor {
        after = after == null ? List.of() : List.copyOf(after);
    }

    /** A cursor of a semantic or hybrid walk: the rank the next page starts at, in the same ranking. */
    static SearchCursor ranked(String fingerprint, int offset) {
        return new SearchCursor(fingerprint, offset, null, List.of());
    }

    /** A cursor of a keyword walk, after the given sort values of its last hit. */
    static SearchCursor keyword(String fingerprint, int offset, String pointInTime, List<FieldValue> after) {
        return new SearchCursor(fingerprint, offset, pointInTime, after.stream().map(FieldValue::_get).toList());
    }

    /** The sort values of the last hit shown, as Elasticsearch takes them back in search_after. */
    List<FieldValue> afterValues() {
        return after.stream().map(value -> {
            if (value instanceof String text) {
                return FieldValue.of(text);
            }
            if (value instanceof Double || value instanceof Float) {
                return FieldValue.of(((Number) value).doubleValue());
            }
            if (value instanceof Number number) {
                return FieldValue.of(number.longValue());
            }
            if (value instanceof Boolean bool) {
                return FieldValue.of(bool);
            }
            throw new InvalidCursorException("The cursor is malformed");
        }).toList();
    }

    /**
     * What a cursor must belong to: the query as parsed (so spacing does not matter), the mode, the filters, the sort
     * and the collections of the caller. Not the size (a walk may change it) nor the facets or explain (which do not
     * change the order).
     */
    public static String fingerprint(SearchPage page, CollectionScope scope) {
        String search = String.join("\u0000", page.mode().name(), page.query().toString(), page.filters().toString(),
                page.sort().name(), scope.toString());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(search.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public String encode() {
        try {
            return ENCODER.encodeToString(JSON.writeValueAsBytes(this));
        } catch (Exception e) {
            throw new IllegalStateException("A cursor could not be written", e);
        }
    }

    /**
     * The cursor a caller sent, checked against the search it is sent with.
     *
     * @throws InvalidCursorException when it is not one this service wrote, or belongs to another search
     */
    public static SearchCursor decode(String text, String fingerprint) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidCursorException("The cursor is malformed: it is longer than any this service writes");
        }
        SearchCursor cursor;
        try {
            cursor = JSON.readValue(Base64.getUrlDecoder().decode(text.strip()), SearchCursor.class);
        } catch (Exception e) {
            throw new InvalidCursorException("The cursor is malformed; pass the 'next' of the previous page as it is");
        }
        if (cursor == null || cursor.fingerprint() == null || cursor.offset() < 0) {
            throw new InvalidCursorException("The cursor is malformed; pass the 'next' of the previous page as it is");
        }
        if (!cursor.fingerprint().equals(fingerprint)) {
            throw new InvalidCursorException("The cursor belongs to another search: send it with the same q, mode, "
                    + "filters and sort as the page it came with, or start again without a cursor");
        }
        cursor.afterValues();
        return cursor;
    }
}
