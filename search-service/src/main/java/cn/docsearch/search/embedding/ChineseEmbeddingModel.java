package cn.docsearch.search.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.scheduling.DaemonThreads;
import cn.docsearch.search.scheduling.SearchesInFlight;
import cn.docsearch.text.ScriptFolding;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * BGE small zh v1.5 (int8 ONNX, 512 dimensions, unit length) running in this process. One ONNX session with one
 * intra-op thread is shared by {@code search.embedding.threads} callers for passages and, in a lane of their own,
 * {@code search.embedding.query-threads} for queries: on a small machine that outran one session spreading each
 * passage over every core, and a query never queues behind a bulk load's passages. Loaded at start-up (about a
 * second) where queries or passages are embedded, not by the first query; an instance that only indexes words never
 * loads it. Query vectors are cached, since the same queries come again.
 * <p>
 * Every text is read with traditional characters folded to simplified ones ({@link ScriptFolding}), as the IK analyzers
 * read it inside Elasticsearch: a passage and a query in either script mean the same to the model, as they match the
 * same words. Callers pass the text as stored and shown.
 */
@ApplicationScoped
public class ChineseEmbeddingModel {
    public static final int DIMENSIONS = 512;
    private static final Logger LOG = Logger.getLogger(ChineseEmbeddingModel.class);
    private static final String MODEL = "bge-small-zh-v1.5-q.onnx";
    private static final String TOKENIZER = "bge-small-zh-v1.5-q-tokenizer.json";
    private static final int QUERY_CACHE_ENTRIES = 2048;

    private final ExecutorService executor;
    private final ExecutorService queryLane;
    private final SearchesInFlight searches;
    private final Duration yieldToSearches;
    /** Queries being embedded: the same query asked again meanwhile waits for the same computation. */
    private final Map<String, CompletableFuture<float[]>> queriesInFlight = new HashMap<>();
    private final OrtSession session;
    private final AbstractInProcessEmbeddingModel model;
    private final Map<String, float[]> queryCache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > QUERY_CACHE_ENTRIES;
        }
    };

    @Inject
    public ChineseEmbeddingModel(SearchConfig config, SearchesInFlight searches) {
        this(config.embedding().threads(), config.embedding().queryThreads(), searches,
                config.embedding().yieldToSearches());
    }

    /** A model whose passages never step aside for searches (benchmarks of the model alone). */
    public ChineseEmbeddingModel(int threads, int queryThreads) {
        this(threads, queryThreads, new SearchesInFlight(), Duration.ZERO);
    }

    /**
     * @param threads         callers sharing the one ONNX session for passages
     * @param queryThreads    callers sharing it for queries, apart from the passages' queue
     * @param yieldToSearches how long each passage may wait for the searches in flight before taking its turn
     */
    private ChineseEmbeddingModel(int threads, int queryThreads, SearchesInFlight searches, Duration yieldToSearches) {
        long started = System.nanoTime();
        this.searches = searches;
        this.yieldToSearches = yieldToSearches;
        // the passages' lowest priority: where the JVM gives each thread the niceness of its priority
        // (-XX:ThreadPriorityPolicy=1, as the launcher and the images run search-service), a passage still running when
        // a search arrives leaves the cores this process gets to the search's threads and the keyword stage's
        // (niceness 4 against 0); elsewhere the JVM ignores it
        executor = DaemonThreads.pool(threads, "embedding-", Thread.MIN_PRIORITY);
        queryLane = DaemonThreads.pool(queryThreads, "embedding-query-", Thread.NORM_PRIORITY);
        ClassLoader loader = BgeSmallZhV15QuantizedEmbeddingModel.class.getClassLoader();
        try (InputStream modelBytes = loader.getResourceAsStream(MODEL);
             InputStream tokenizer = loader.getResourceAsStream(TOKENIZER);
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            session = environment.createSession(modelBytes.readAllBytes(), options);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.CLS);
            model = new AbstractInProcessEmbeddingModel(executor) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return encoder;
                }

                @Override
                protected Integer knownDimension() {
                    return DIMENSIONS;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding model from its jar", e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot load the embedding model", e);
        }
        LOG.infof("Embedding model loaded in %d ms (%d threads)", (System.nanoTime() - started) / 1_000_000, threads);
    }

    static void loadAtStartUp(@Observes StartupEvent startup, SearchConfig config, ChineseEmbeddingModel model) {
        if (config.roles().contains(SearchConfig.Role.QUERY) || config.roles().contains(SearchConfig.Role.EMBED)) {
            ClientProxy.unwrap(model);
        }
    }

    /**
     * Unit vectors for the texts, in order, computed on the model's threads, for a caller waiting for the answer (a
     * copy check): they do not step aside for searches.
     */
    public List<float[]> embed(List<String> texts) {
        return submit(texts, Duration.ZERO).stream().map(CompletableFuture::join).toList();
    }

    /**
     * One future per passage, queued on the model's threads at once: a thread takes the next text as soon as it is
     * free, so callers that queue more texts before waiting never leave a thread idle at the end of a list. Each
     * passage steps aside for this instance's searches first; a passage is one unit of the model's work, so a search
     * that arrives waits for at most the ones already running.
     */
    public List<CompletableFuture<float[]>> embedEach(List<String> texts) {
        return submit(texts, yieldToSearches);
    }

    private List<CompletableFuture<float[]>> submit(List<String> texts, Duration stepAside) {
        return texts.stream().map(text -> CompletableFuture.supplyAsync(() -> {
            stepAsideForSearches(stepAside);
            return model.embed(ScriptFolding.toSimplified(text)).content().vector();
        }, executor)).toList();
    }

    private void stepAsideForSearches(Duration atMost) {
        if (atMost.isZero()) {
            return;
        }
        try {
            searches.awaitNone(atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Stopped while waiting for searches");
        }
    }

    /** The query's vector, however long it takes (an export, which nobody watches page by page). */
    public float[] embedQuery(String text) {
        return queryVector(ScriptFolding.toSimplified(text)).join();
    }

    /**
     * The query's vector if it is ready within the timeout, else empty; it is computed all the same (on the query
     * lane, never behind passages) and cached, and the same query asked meanwhile shares the computation.
     */
    public Optional<float[]> embedQuery(String text, Duration timeout) throws InterruptedException {
        String query = ScriptFolding.toSimplified(text);
        if (timeout.isZero() || timeout.isNegative()) {
            // waiting for nothing: only a vector computed before this search counts, however fast the lane is
            Optional<float[]> cached = cached(query);
            if (cached.isEmpty()) {
                queryVector(query);
            }
            return cached;
        }
        try {
            return Optional.of(queryVector(query).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Query not embedded", e.getCause());
        }
    }

    private Optional<float[]> cached(String query) {
        synchronized (queryCache) {
            return Optional.ofNullable(queryCache.get(query));
        }
    }

    /** @param query folded to simplified characters: one cache entry for a query in either script */
    private CompletableFuture<float[]> queryVector(String query) {
        synchronized (queryCache) {
            Optional<float[]> cached = cached(query);
            if (cached.isPresent()) {
                return CompletableFuture.completedFuture(cached.get());
            }
            return queriesInFlight.computeIfAbsent(query, q -> {
                // one text: embedded on the lane's own thread, not spread over the passages' executor
                CompletableFuture<float[]> vector = CompletableFuture.supplyAsync(() -> model.embed(q).content().vector(), queryLane);
                vector.whenComplete((done, failure) -> {
                    synchronized (queryCache) {
                        queriesInFlight.remove(q);
                        if (done != null) {
                            queryCache.put(q, done);
                        }
                    }
                });
                return vector;
            });
        }
    }

    @PreDestroy
    public void close() throws OrtException, InterruptedException {
        executor.shutdownNow();
        queryLane.shutdownNow();
        // a text being embedded runs in native code, which no interrupt stops: closing the session under it would
        // crash the process, so the running ones (one text each) finish first
        boolean stopped = executor.awaitTermination(30, TimeUnit.SECONDS) & queryLane.awaitTermination(30, TimeUnit.SECONDS);
        if (!stopped) {
            LOG.warn("Embedding threads still running after 30 s; the model's session is left open");
            return;
        }
        session.close();
    }
}
