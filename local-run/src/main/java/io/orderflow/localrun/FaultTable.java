package io.orderflow.localrun;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Holds the fault suite's rows, prints each as it is done, and renders them all as the Markdown fault table. */
final class FaultTable {

    private FaultTable() {
    }

    /**
     * One line of the fault table.
     *
     * @param recovery from the end of the fault until the system had settled
     * @param failedRequests the load's failed requests by kind ({@link FailedRequests}); graceful-restart allows none
     */
    record Row(int round, String fault, String injected, int orders, int resends, Duration recovery,
            List<Auditor.Verdict> verdicts, List<String> loadFailures, Map<String, Integer> failedRequests) {

        boolean passed() {
            return loadFailures.isEmpty() && verdicts.stream().allMatch(Auditor.Verdict::held)
                    && (!fault.equals(GracefulRestart.FAULT) || failedRequestCount() == 0);
        }

        int failedRequestCount() {
            return failedRequests.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    static void print(Row row) {
        System.out.printf("%n[round %d] %s: %s; %d orders told, %d resends, %d failed requests %s, settled %.1f s "
                + "after the fault%n", row.round(), row.fault(), row.injected(), row.orders(), row.resends(),
                row.failedRequestCount(), row.failedRequests(), row.recovery().toMillis() / 1000.0);
        row.verdicts().forEach(verdict -> System.out.println("  " + verdict));
        row.loadFailures().stream().limit(5).forEach(failure -> System.out.println("  load: " + failure));
    }

    /** Returns the fault table, in Markdown, as the documentation shows it. */
    static String render(List<Row> rows, FaultOptions options) {
        StringBuilder table = new StringBuilder(
                "| Round | Fault | Injected | Load | Orders | Resends | Failed requests | Settled after | I1 | I2 | I3 | I4 "
                        + "| I5 | I6 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.round()).append(" | ").append(row.fault()).append(" | ")
                    .append(row.injected()).append(" | ")
                    .append(row.fault().equals("replay") ? "none" : (FaultOptions.loadsUntilDone(row.fault())
                            ? "until done" : options.orders()) + " at " + (int) options.perSecond() + "/s")
                    .append(" | ").append(row.orders()).append(" | ").append(row.resends()).append(" | ")
                    .append(row.failedRequestCount()).append(" | ")
                    .append(String.format("%.0f s", row.recovery().toMillis() / 1000.0)).append(" |");
            for (Auditor.Verdict verdict : row.verdicts()) {
                table.append(verdict.held() ? " held |" : " **broken** |");
            }
            table.append('\n');
        }
        return table.toString();
    }
}
