package dev.suite.console.web;

/** A node, the registry or a service did not answer, or answered with an error: 502 with what happened. */
public class UpstreamException extends RuntimeException {

    public UpstreamException(String message) {
        super(message);
    }
}
