package cn.docsearch.search.rest;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import cn.docsearch.search.dictionary.DictionaryUnavailableException;
import cn.docsearch.search.dictionary.InvalidDictionaryException;
import cn.docsearch.search.dictionary.StaleDictionaryException;
import cn.docsearch.search.admin.KafkaAdminException;
import cn.docsearch.search.query.CursorExpiredException;
import cn.docsearch.search.query.InvalidCursorException;
import cn.docsearch.search.query.InvalidQueryException;
import cn.docsearch.search.query.SearchDeadlineExceededException;
import cn.docsearch.search.similarity.NotEmbeddedException;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/** Every error leaves as problem+json, with a type a client can branch on. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String TYPE_PREFIX = "urn:docsearch:problem:";
    private static final long UNAVAILABLE_LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final AtomicLong LAST_UNAVAILABLE_LOGGED = new AtomicLong(System.nanoTime() - UNAVAILABLE_LOG_INTERVAL_NANOS);

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return problem(400, "invalid-query", "Invalid query", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidCursor(InvalidCursorException e) {
        return problem(400, "invalid-cursor", "Invalid cursor", e.getMessage());
    }

    /** Gone: the walk cannot go on, and asking again will not help; a new search from the first page will. */
    @ServerExceptionMapper
    public Response cursorExpired(CursorExpiredException e) {
        return problem(410, "cursor-expired", "Cursor expired", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidDictionary(InvalidDictionaryException e) {
        return problem(400, "invalid-dictionary", "Invalid dictionary", e.getMessage());
    }

    @ServerExceptionMapper
    public Response staleDictionary(StaleDictionaryException e) {
        return problem(409, "dictionary-changed", "Dictionary changed", e.getMessage());
    }

    @ServerExceptionMapper
    public Response dictionaryUnavailable(DictionaryUnavailableException e) {
        return problem(503, "kafka-unavailable", "Kafka unavailable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notEmbedded(NotEmbeddedException e) {
        return problem(409, "not-embedded", "Not embedded yet", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(DocumentNotFoundException e) {
        return problem(404, "document-not-found", "Document not found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response searchUnavailable(IOException e) {
        // the caller learns that it may retry; the operator, why (once a minute at most: an outage fails every search)
        long now = System.nanoTime();
        long last = LAST_UNAVAILABLE_LOGGED.get();
        if (now - last > UNAVAILABLE_LOG_INTERVAL_NANOS && LAST_UNAVAILABLE_LOGGED.compareAndSet(last, now)) {
            LOG.warnf("Search unavailable: %s%s", e, e.getCause() == null ? "" : " (" + e.getCause() + ")");
        }
        return problem(503, "search-unavailable", "Search unavailable", "Elasticsearch is unreachable; retry later.");
    }

    @ServerExceptionMapper
    public Response searchTooSlow(SearchDeadlineExceededException e) {
        return problem(503, "search-unavailable", "Search unavailable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response searchFailed(ElasticsearchException e) {
        return problem(503, "search-unavailable", "Search unavailable", "Elasticsearch could not answer: " + e.error().type());
    }

    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaAdminException e) {
        return problem(503, "kafka-unavailable", "Kafka unavailable", "Kafka did not answer; retry later.");
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage());
    }

    static Response problem(int status, String type, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_PREFIX + type, title, status, detail)).build();
    }
}
