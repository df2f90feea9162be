package io.orderflow.notification.web;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.orderflow.notification.notification.Notification;
import io.orderflow.notification.notification.NotificationAlreadySent;
import io.orderflow.notification.notification.NotificationLedger;
import io.orderflow.notification.notification.NotificationQueue;
import io.orderflow.notification.notification.NotificationStatus;
import io.orderflow.web.FieldError;
import io.orderflow.web.ProblemException;
import io.orderflow.web.ProblemResponses;

/** Shows the notification ledger, and lets operators send a FAILED notification again. */
@RestController
@RequestMapping("/api/notifications")
final class NotificationController {

    private final NotificationLedger ledger;
    private final NotificationQueue queue;

    NotificationController(NotificationLedger ledger, NotificationQueue queue) {
        this.ledger = ledger;
        this.queue = queue;
    }

    /**
     * Lists the notifications of an order, oldest first; or, for operators, the newest notifications in a status
     * (at most {@code limit}). At least one of {@code orderId} and {@code status} is required.
     */
    @GetMapping
    List<NotificationView> list(@RequestParam(required = false) UUID orderId,
            @RequestParam(required = false) NotificationStatus status,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        List<Notification> found;
        if (orderId != null) {
            found = ledger.ofOrder(orderId, status);
        }
        else if (status != null) {
            found = ledger.newestIn(status, limit);
        }
        else {
            throw new ProblemException(ProblemResponses.invalidRequest(
                    List.of(new FieldError("orderId", "is required unless status is given"))));
        }
        return found.stream().map(NotificationView::of).toList();
    }

    /** Shows one notification. */
    @GetMapping("/{id}")
    NotificationDetails get(@PathVariable UUID id) {
        return NotificationDetails.of(ledger.find(id).orElseThrow(() -> notFound(id)));
    }

    /**
     * Puts a FAILED (or PENDING) notification back in the queue, due now; its attempt count is kept, so a FAILED one
     * gets one more attempt per retry. Answers 409 if it has already been sent.
     */
    @PostMapping("/{id}/retry")
    NotificationDetails retry(@PathVariable UUID id) {
        try {
            return NotificationDetails.of(queue.requeue(id).orElseThrow(() -> notFound(id)));
        }
        catch (NotificationAlreadySent ex) {
            throw new ProblemException(ProblemResponses.conflict("notification-already-sent", ex.getMessage()));
        }
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(ProblemResponses.notFound("No notification " + id));
    }
}
