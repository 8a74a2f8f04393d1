package cn.docsearch.gateway;

import java.util.Map;
import java.util.Set;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The real Kafka broker the keys live in, started once for the whole module run (see TestInfrastructure). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    /** The gateway's bootstrap admin key in tests (%test.gateway.auth.bootstrap-admin-key). */
    public static final String ADMIN_KEY = "test-bootstrap-admin-key";

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
