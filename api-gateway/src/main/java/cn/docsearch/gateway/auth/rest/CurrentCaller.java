package cn.docsearch.gateway.auth.rest;

import jakarta.enterprise.context.RequestScoped;

import cn.docsearch.gateway.auth.Caller;

/** The caller of the request being served, as {@link AuthenticationFilter} established it. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller, or null when the request was refused before it was authenticated. */
    public Caller find() {
        return caller;
    }

    /** The authenticated caller; every route has one (the filter refuses requests without). */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No caller: the route is not behind AuthenticationFilter");
        }
        return caller;
    }
}
