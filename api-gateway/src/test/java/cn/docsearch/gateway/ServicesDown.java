package cn.docsearch.gateway;

import java.util.Map;

import cn.docsearch.infra.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The gateway with its services unreachable: its own behaviour (errors, access, limits) is what a test sees. */
public class ServicesDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.rest-client.ingest-service.url", "http://127.0.0.1:" + TestInfrastructure.unusedPort(),
                "quarkus.rest-client.search-service.url", "http://127.0.0.1:" + TestInfrastructure.unusedPort(),
                // short, so that a test of a body that stops half-way waits little; every other body arrives at once
                "gateway.limits.request-body-timeout", "3s");
    }
}
