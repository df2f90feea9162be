package io.orderflow.web;

/**
 * One broken rule of a request, as listed in the {@code errors} member of a problem.
 *
 * @param field the path of the field at fault, for example {@code lines[0].quantity}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
