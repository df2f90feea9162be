package io.orderflow.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Gives an end-to-end test class the running system and a storefront on it. */
@ExtendWith(RunningOrderflowExtension.class)
abstract class EndToEndTest {

    static RunningOrderflow system;
    static Storefront shop;

    @BeforeAll
    static void connect(RunningOrderflow running) {
        system = running;
        shop = running.storefront();
    }
}
