package io.orderflow.localrun;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the dead-letter topics must hold, as source records named {@code topic-partition@offset} (see
 * {@link BrokerReadings#originOf}): either a number of them, or every {@code required} one and nothing but
 * {@code injected} ones. A record injected before its dead-letter topic was deleted is not required, but a replay may
 * dead-letter it again.
 */
record DeadLetters(long count, Set<String> injected, Set<String> required) {

    /** Expects {@code count} distinct source records, whichever they are. */
    static DeadLetters count(long count) {
        return new DeadLetters(count, null, null);
    }

    /** Expects every record of {@code required}, and no record that is not in {@code injected}. */
    static DeadLetters of(Set<String> injected, Set<String> required) {
        return new DeadLetters(-1, Set.copyOf(injected), Set.copyOf(required));
    }

    /** Returns what is wrong with the source records the dead-letter topics {@code held}; empty when nothing is. */
    List<String> offendersAmong(Set<String> held) {
        List<String> offenders = new ArrayList<>();
        if (injected == null) {
            if (held.size() != count) {
                offenders.add("the dead-letter topics hold " + held.size() + " distinct records, " + count
                        + " were injected");
            }
        }
        else {
            held.stream().filter(origin -> !injected.contains(origin)).sorted()
                    .forEach(origin -> offenders.add("dead letter of " + origin + ", which was not injected as bad"));
            required.stream().filter(origin -> !held.contains(origin)).sorted()
                    .forEach(origin -> offenders.add(origin + " was injected as bad and is not dead-lettered"));
        }
        return offenders;
    }
}
