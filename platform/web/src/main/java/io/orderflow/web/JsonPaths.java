package io.orderflow.web;

import tools.jackson.core.JacksonException;

/** Spells the location of a JSON binding error as a field path, for example {@code lines[0].quantity}. */
final class JsonPaths {

    private JsonPaths() {
    }

    static String of(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }
}
