package io.orderflow.web;

/** Says that a request body is larger than the service accepts. */
final class RequestTooLargeException extends RuntimeException {

    RequestTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}
