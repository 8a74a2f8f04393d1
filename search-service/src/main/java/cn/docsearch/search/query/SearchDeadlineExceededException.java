package cn.docsearch.search.query;

import java.time.Duration;

/** A search did not finish within {@code search.deadline}: Elasticsearch too slow, or the machine saturated. */
public class SearchDeadlineExceededException extends RuntimeException {
    SearchDeadlineExceededException(Duration deadline) {
        super("The search did not finish within " + deadline.toMillis() + " ms; retry later");
    }
}
