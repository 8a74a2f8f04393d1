package cn.docsearch.search.dictionary;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.search.config.SearchConfig;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/** Reading and changing the dictionary: checked at the door, written to Kafka, its synonyms applied at once. */
@ApplicationScoped
public class DictionaryService {
    private final DictionaryLog log;
    private final SynonymRules synonymRules;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    /** A version written, and whether searches use its synonyms yet (if not, why; they are applied again shortly). */
    public record Update(Dictionary dictionary, String synonymsNotApplied) {
    }

    public DictionaryService(DictionaryLog log, SynonymRules synonymRules, SearchConfig config) {
        this.log = log;
        this.synonymRules = synonymRules;
        this.timeout = config.dictionary().publishTimeout();
    }

    /** The current version, once this instance has read the topic (a fresh start waits for it, up to the timeout). */
    public Dictionary current() {
        try {
            if (!log.awaitCaughtUp(timeout)) {
                throw new DictionaryUnavailableException("The dictionary has not been read from Kafka yet; retry later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DictionaryUnavailableException("Interrupted");
        }
        return log.current();
    }

    /**
     * Replaces the dictionary's lists with these (whole lists, as read and edited by the caller; a null one stays as
     * it is in the version the update is applied to, read after any other instance's update).
     *
     * @param expectedVersion the version the caller edited, if it wants a concurrent change to fail it (409)
     */
    public synchronized Update update(Long expectedVersion, List<String> extensionWords, List<String> stopwords,
                                      List<String> synonyms) throws IOException {
        Dictionary now = current();
        try {
            // another instance's update, written before this one was asked for, must be the base
            log.awaitRecent(timeout);
            now = log.current();
            if (expectedVersion != null && expectedVersion != now.version()) {
                throw new StaleDictionaryException(expectedVersion, now.version());
            }
            Dictionary next = now.next(extensionWords, stopwords, synonyms, clock.instant());
            rejectTermsMatchingNothing(next, now);
            Dictionary written = log.publish(next);
            try {
                synonymRules.apply(written);
                return new Update(written, null);
            } catch (IOException | ElasticsearchException e) {
                return new Update(written, e.getMessage());
            }
        } catch (TimeoutException e) {
            throw new DictionaryUnavailableException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DictionaryUnavailableException("Interrupted");
        }
    }

    /**
     * A synonym term cut into stopwords only (IK's or the dictionary's) can never match: the plugin would leave its rule
     * out with only a log line, so it is refused at the door. New stopwords can empty an old term, so then every term is
     * checked again.
     */
    private void rejectTermsMatchingNothing(Dictionary next, Dictionary now) throws IOException {
        Set<String> stopwords = Set.copyOf(next.stopwords());
        Set<String> checked = new LinkedHashSet<>(terms(next.synonyms()));
        if (stopwords.equals(Set.copyOf(now.stopwords()))) {
            checked.removeAll(terms(now.synonyms()));
        }
        List<String> empty = synonymRules.termsMatchingNothing(new ArrayList<>(checked), stopwords);
        if (!empty.isEmpty()) {
            throw new InvalidDictionaryException("synonyms: " + String.join(", ", empty)
                    + " would match nothing (cut into stopwords only)");
        }
    }

    private static Set<String> terms(List<String> rules) {
        Set<String> terms = new LinkedHashSet<>();
        for (String rule : rules) {
            for (String term : rule.split("=>|,")) {
                terms.add(term.strip());
            }
        }
        return terms;
    }
}
