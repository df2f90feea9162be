package io.orderflow.localrun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.harness.ChildProcess;

/**
 * Runs the parts of the start that serve the services' AOT caches ({@link AotCache}): the extraction of each stale
 * jar before its first instance starts, and the training workload once the services are healthy.
 */
final class AotRecording {

    private final LocalSettings settings;
    private final LocalSystem.Steps steps;

    AotRecording(LocalSettings settings, LocalSystem.Steps steps) {
        this.settings = settings;
        this.steps = steps;
    }

    /**
     * Extracts, all at once, the jar of every service whose AOT cache is missing or older than its jar, so that its
     * first instance records the cache. Runs once per build.
     */
    void extractStale(List<ServiceInstance> instances) throws Exception {
        List<ServiceInstance> stale = instances.stream()
                .filter(instance -> instance.number() == 1 && !instance.aotCache(settings).isFresh())
                .toList();
        Map<ServiceInstance, ChildProcess> extractions = new LinkedHashMap<>();
        for (ServiceInstance instance : stale) {
            steps.run(null, () -> extractions.put(instance, instance.aotCache(settings).startExtraction(
                    settings.stateDir(), settings.logsDir().resolve(instance.service() + "-aot.log"))));
        }
        for (Map.Entry<ServiceInstance, ChildProcess> extraction : extractions.entrySet()) {
            extraction.getKey().aotCache(settings).awaitExtraction(extraction.getValue());
        }
    }

    /**
     * Drives the training workload through the services that record their AOT cache, and says when the cache is
     * written.
     */
    void train(List<ServiceInstance> instances) throws Exception {
        List<String> recording = instances.stream().filter(instance -> instance.recordsAotCache(settings))
                .map(ServiceInstance::service).toList();
        if (recording.isEmpty()) {
            return;
        }
        try {
            steps.run("AOT training workload of " + recording, () -> new AotTraining(settings).run());
        }
        catch (InterruptedException stopping) {
            throw stopping;
        }
        catch (Exception ex) {
            // the cache then holds start-up and whatever runs until the stop: slower to warm up, not wrong
            System.out.println("  The AOT training workload did not finish (" + ex.getMessage() + ")");
        }
        System.out.println("  The AOT caches of " + recording + " are written when Orderflow stops; every later start "
                + "uses them (once per build)");
    }
}
