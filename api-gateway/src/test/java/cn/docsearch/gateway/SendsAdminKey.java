package cn.docsearch.gateway;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import cn.docsearch.gateway.auth.rest.AuthenticationFilter;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/** Every request of a test sends the bootstrap admin key: for tests of what lies behind the access control. */
public class SendsAdminKey implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader(AuthenticationFilter.API_KEY_HEADER, KafkaTestResource.ADMIN_KEY).build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RestAssured.requestSpecification = null;
    }
}
