package cn.docsearch.search;

import java.util.Map;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The real Kafka broker and Elasticsearch node with IK, started once for the whole module run. */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalPlatform platform = TestInfrastructure.start(LocalPlatform.INFRASTRUCTURE);
        return Map.of("kafka.bootstrap.servers", platform.kafkaBootstrapServers(),
                "search.elasticsearch.hosts", platform.elasticsearchUrl());
    }

    @Override
    public void stop() {
        // stopped once, when the test JVM exits
    }
}
