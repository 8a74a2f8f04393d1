package cn.docsearch.ingest;

import java.util.Map;
import java.util.Set;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The real Kafka broker, started once for the whole module run (see TestInfrastructure). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalPlatform platform = TestInfrastructure.start(Set.of(LocalPlatform.Component.KAFKA));
        return platform.kafkaServiceConfig();
    }

    @Override
    public void stop() {
        // stopped once, when the test JVM exits
    }
}
