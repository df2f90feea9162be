package io.orderflow.messaging;

import org.junit.jupiter.api.Test;

import io.orderflow.testsupport.architecture.PlatformModuleRules;

class MessagingPackagesTests {

    private static final PlatformModuleRules RULES = PlatformModuleRules.of("io.orderflow.messaging",
            "io.orderflow.jdbc", "io.orderflow.metrics");

    @Test
    void messagingPackagesAreFreeOfCycles() {
        RULES.assertFreeOfCycles("io.orderflow.messaging.(*)..");
    }

    @Test
    void everyPublicClassIsExercisedByATestOfThisModule() {
        RULES.assertEveryPublicClassIsExercisedByATest();
    }
}
