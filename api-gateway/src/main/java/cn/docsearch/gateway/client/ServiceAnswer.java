package cn.docsearch.gateway.client;

/** A service's successful answer: the status it chose (202 accepted, 200 duplicate …) and its body. */
public record ServiceAnswer<T>(int status, T body) {
}
