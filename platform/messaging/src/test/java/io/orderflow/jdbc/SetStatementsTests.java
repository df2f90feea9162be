package io.orderflow.jdbc;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.column;
import static io.orderflow.jdbc.SetStatements.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import io.orderflow.messaging.MessagingDatabase;

class SetStatementsTests {

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    private final JdbcTemplate jdbc = database.jdbc();

    @BeforeEach
    void createTable() {
        jdbc.execute("CREATE TABLE item (id UUID PRIMARY KEY, name TEXT NOT NULL, quantity INT)");
    }

    @Test
    void writesManyRowsWithOneStatementAndFindsThemAgainByAnyOfTheirIds() {
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        int inserted = jdbc.update(statement("INSERT INTO item SELECT * FROM unnest(?::uuid[], ?::text[], ?::int4[])",
                array("uuid", ids), array("text", List.of("cup", "plate", "bowl")), array("int4", new Integer[] {
                    1, null, 3 })));

        List<String> found = new ArrayList<>();
        jdbc.query(statement("SELECT name FROM item WHERE id = ANY (?) AND quantity > ? ORDER BY name",
                array("uuid", ids.subList(0, 2)), 0), rs -> {
                    found.add(rs.getString(1));
                });
        assertThat(inserted).isEqualTo(3);
        assertThat(found).containsExactly("cup");
    }

    @Test
    void writesOneColumnOfManyRowsWhateverCharactersItsTextHolds() {
        record Item(UUID id, String name, Integer quantity) {
        }
        List<Item> items = List.of(new Item(UUID.randomUUID(), "{\"say\": \"a, b\\c\"}", 1),
                new Item(UUID.randomUUID(), "NULL", null), new Item(UUID.randomUUID(), "", 3));

        jdbc.update(statement("INSERT INTO item SELECT * FROM unnest(?::uuid[], ?::text[], ?::int4[])",
                column("uuid", items, Item::id), column("text", items, Item::name),
                column("int4", items, Item::quantity)));

        List<Item> found = jdbc.query("SELECT * FROM item", (rs, row) -> new Item(rs.getObject(1, UUID.class),
                rs.getString(2), (Integer) rs.getObject(3)));
        assertThat(found).containsExactlyInAnyOrderElementsOf(items);
    }
}
