package cn.docsearch.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Starts the real Kafka and Elasticsearch once and checks the IK plugin works inside the node. */
class LocalInfrastructureIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void elasticsearchAnalyzesChineseWithTheIkPlugin() throws Exception {
        LocalPlatform platform = TestInfrastructure.start(LocalPlatform.INFRASTRUCTURE);

        String smart = analyze(platform, "ik_smart", "以中国式现代化全面推进乡村振兴");
        assertThat(smart).contains("\"token\":\"中国式现代化\"", "\"token\":\"乡村振兴\"");

        String maxWord = analyze(platform, "ik_max_word", "推动高质量发展");
        assertThat(maxWord).contains("\"token\":\"高质量发展\"", "\"token\":\"高质量\"", "\"token\":\"质量\"");

        // traditional text is read as simplified inside the node, offsets on the original characters
        String traditional = analyze(platform, "ik_smart", "全面推進鄉村振興");
        assertThat(traditional).contains("\"token\":\"乡村振兴\"", "\"start_offset\":4", "\"end_offset\":8")
                .doesNotContain("鄉村振興");
    }

    @Test
    void elasticsearchRefusesRequestsWithoutThePlatformsLogin() throws Exception {
        LocalPlatform platform = TestInfrastructure.start(LocalPlatform.INFRASTRUCTURE);
        URI health = URI.create(platform.elasticsearchUrl() + "/_cluster/health");

        assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
        String wrongPassword = "Basic " + Base64.getEncoder().encodeToString("docsearch:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(http.send(HttpRequest.newBuilder(health).header("Authorization", wrongPassword).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(health).header("Authorization", platform.elasticsearchAuthorization())
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    @Test
    void kafkaAcceptsConnectionsAndStartingAgainIsANoOp() {
        LocalPlatform platform = TestInfrastructure.start(Set.of(LocalPlatform.Component.KAFKA));
        int port = Integer.parseInt(platform.kafkaBootstrapServers().substring(platform.kafkaBootstrapServers().lastIndexOf(':') + 1));
        assertThat(Ports.accepting(port)).isTrue();
        assertThat(TestInfrastructure.start(LocalPlatform.INFRASTRUCTURE)).isSameAs(platform);
        assertThat(platform.status()).allSatisfy((component, state) -> {
            if (component.startsWith("kafka") || component.startsWith("elasticsearch")) {
                assertThat(state).startsWith("running").contains("MiB");
            }
        });
    }

    /** Analysis on an index, as search-service asks for it (the platform's user may not analyze outside its indices). */
    private String analyze(LocalPlatform platform, String analyzer, String text) throws Exception {
        URI index = URI.create(platform.elasticsearchUrl() + "/analysis-check");
        http.send(HttpRequest.newBuilder(index).header("Authorization", platform.elasticsearchAuthorization())
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String body = "{\"analyzer\":\"" + analyzer + "\",\"text\":\"" + text + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(index + "/_analyze"))
                .header("Content-Type", "application/json").header("Authorization", platform.elasticsearchAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
