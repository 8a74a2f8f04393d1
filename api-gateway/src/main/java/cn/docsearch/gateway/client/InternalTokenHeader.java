package cn.docsearch.gateway.client;

import java.util.Optional;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.eclipse.microprofile.config.ConfigProvider;

import cn.docsearch.contract.InternalToken;

/**
 * Sends the platform's shared token ({@code gateway.internal-token}) with every call to ingest-service and
 * search-service, which answer the platform's own services only when they have one set.
 */
public class InternalTokenHeader implements ClientRequestFilter {
    // a provider the REST client makes itself, outside CDI: the value of GatewayConfig.internalToken() read directly
    private final Optional<String> token = ConfigProvider.getConfig().getOptionalValue("gateway.internal-token", String.class);

    @Override
    public void filter(ClientRequestContext request) {
        token.ifPresent(value -> request.getHeaders().putSingle(InternalToken.HEADER, value));
    }
}
