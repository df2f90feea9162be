package io.orderflow.web;

/** Says that a request body is larger than the service accepts. */
final class RequestTooLargeException extends RuntimeException {

    private final long limit;

    RequestTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /** Returns the most bytes a request body may have. */
    long limit() {
        return limit;
    }
}
