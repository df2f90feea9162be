package io.orderflow.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the running system. It is started for the first test class that asks and kept in JUnit's root store,
 * which closes it (services first) after the last test class, before the JVM's shutdown hooks stop the broker.
 */
final class RunningOrderflowExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RunningOrderflowExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningOrderflow.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(RunningOrderflow.class, type -> new RunningOrderflow(), RunningOrderflow.class);
    }
}
