package io.orderflow.localrun;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.orderflow.harness.JsonClient;

/** Asks every service instance for its listener containers ({@code /actuator/messaging}): the audit's I6. */
final class RunningListeners {

    private final JsonClient http;

    RunningListeners(JsonClient http) {
        this.http = http;
    }

    /** Returns the verdict that every listener container of every instance at {@code serviceUrls} is running. */
    Auditor.Verdict check(List<String> serviceUrls) {
        List<String> offenders = new ArrayList<>();
        for (String url : serviceUrls) {
            try {
                JsonClient.Answer answer = http.get(url + "/actuator/messaging");
                if (!answer.isSuccess()) {
                    offenders.add(url + " answered " + answer.status());
                    continue;
                }
                JsonNode consumers = answer.body().path("consumers");
                if (consumers.isEmpty()) {
                    offenders.add(url + " has no listener container");
                }
                consumers.properties().forEach(consumer -> {
                    if (!consumer.getValue().asString().equals("running")) {
                        offenders.add(url + " " + consumer.getKey() + " is " + consumer.getValue().asString());
                    }
                });
            }
            catch (Exception ex) {
                offenders.add(url + " unreachable: " + ex);
            }
        }
        return new Auditor.Verdict("I6", "every listener container is running", offenders);
    }
}
