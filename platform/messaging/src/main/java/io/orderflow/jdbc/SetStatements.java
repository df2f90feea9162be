package io.orderflow.jdbc;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.springframework.jdbc.core.PreparedStatementCreator;

/**
 * Creates statements that write or read many rows at once: their array parameters become PostgreSQL arrays, which the
 * SQL unnests into rows ({@code INSERT ... SELECT * FROM unnest(?::uuid[], ?::int[])}) or matches with
 * {@code = ANY (?)}. One such statement costs one round trip however many rows it carries.
 */
public final class SetStatements {

    private SetStatements() {
    }

    /**
     * Returns a creator of a statement with the given parameters, in order; an {@link SqlArray} becomes an array
     * parameter, anything else is set as it is.
     */
    public static PreparedStatementCreator statement(String sql, Object... parameters) {
        return connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof SqlArray array) {
                    statement.setArray(i + 1, connection.createArrayOf(array.elementType(), array.values()));
                }
                else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            return statement;
        };
    }

    /** Returns an array parameter of PostgreSQL element type {@code elementType}, for example "uuid" or "int4". */
    public static SqlArray array(String elementType, Collection<?> values) {
        return new SqlArray(elementType, values.toArray());
    }

    /** Returns an array parameter of PostgreSQL element type {@code elementType}, for example "uuid" or "int4". */
    public static SqlArray array(String elementType, Object[] values) {
        return new SqlArray(elementType, values);
    }

    /**
     * Returns an array parameter of PostgreSQL element type {@code elementType} that holds one column of
     * {@code rows}: {@code value} of each row, in order.
     */
    public static <T> SqlArray column(String elementType, List<T> rows, Function<? super T, ?> value) {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return new SqlArray(elementType, values);
    }

    /** An array parameter: its PostgreSQL element type and its values. */
    public record SqlArray(String elementType, Object[] values) {
    }
}
