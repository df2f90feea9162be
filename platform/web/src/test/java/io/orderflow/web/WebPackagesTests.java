package io.orderflow.web;

import org.junit.jupiter.api.Test;

import io.orderflow.testsupport.architecture.PlatformModuleRules;

class WebPackagesTests {

    private static final PlatformModuleRules RULES = PlatformModuleRules.of("io.orderflow.web");

    @Test
    void webPackagesAreFreeOfCycles() {
        // io.orderflow.web is a slice of its own, next to io.orderflow.web.security
        RULES.assertFreeOfCycles("io.orderflow.(**)");
    }

    @Test
    void everyPublicClassIsExercisedByATestOfThisModule() {
        RULES.assertEveryPublicClassIsExercisedByATest();
    }
}
