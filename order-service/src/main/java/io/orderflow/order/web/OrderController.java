package io.orderflow.order.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.http.ProblemDetail;

import io.orderflow.order.order.IdempotencyKeyReusedException;
import io.orderflow.order.order.OrderIntakeFullException;
import io.orderflow.order.order.Order;
import io.orderflow.order.order.OrderLine;
import io.orderflow.order.order.OrderNotFoundException;
import io.orderflow.order.order.OrderService;
import io.orderflow.order.order.OrderStatus;
import io.orderflow.order.order.OrderTransitionException;
import io.orderflow.order.order.PlaceOrder;
import io.orderflow.web.FieldError;
import io.orderflow.web.ProblemException;
import io.orderflow.web.ProblemResponses;
import io.orderflow.web.security.Caller;

/** Places, shows, lists and cancels orders. */
@RestController
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
final class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OrderView> place(
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII")
            String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request, Caller caller) {
        rejectOtherCustomer(request, caller);
        rejectRepeatedSkus(request);
        List<OrderLine> lines = request.lines().stream().map(l -> new OrderLine(l.sku(), l.quantity())).toList();
        OrderView order;
        try {
            order = OrderView.of(orders.place(new PlaceOrder(request.customerId(), request.customerEmail(), lines),
                    idempotencyKey));
        }
        catch (IdempotencyKeyReusedException ex) {
            throw new ProblemException(ProblemResponses.conflict("idempotency-key-reused", ex.getMessage()));
        }
        catch (OrderIntakeFullException ex) {
            throw new ProblemException(atCapacity());
        }
        return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(order);
    }

    @GetMapping("/{id}")
    OrderView get(@PathVariable UUID id, Caller caller) {
        return OrderView.of(findFor(caller, id));
    }

    @GetMapping
    OrderPageView list(@RequestParam(required = false) @Size(min = 1, max = 64) String customerId,
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, Caller caller) {
        // a customer lists its own orders, whatever customerId it asks for
        String customer = caller.isCustomer() ? caller.customerId() : customerId;
        return OrderPageView.of(orders.search(customer, status, page, size));
    }

    @PostMapping("/{id}/cancel")
    OrderView cancel(@PathVariable UUID id, Caller caller) {
        findFor(caller, id);
        try {
            return OrderView.of(orders.cancel(id));
        }
        catch (OrderNotFoundException ex) {
            throw notFound(ex);
        }
        catch (OrderTransitionException ex) {
            throw new ProblemException(ProblemResponses.conflict("order-status-conflict", ex.getMessage()));
        }
    }

    /** Returns order {@code id}; another customer's order is not found, so that ids cannot be probed. */
    private Order findFor(Caller caller, UUID id) {
        Order order;
        try {
            order = orders.find(id);
        }
        catch (OrderNotFoundException ex) {
            throw notFound(ex);
        }
        if (!caller.mayActFor(order.customerId())) {
            throw notFound(new OrderNotFoundException(id));
        }
        return order;
    }

    private static ProblemException notFound(OrderNotFoundException ex) {
        return new ProblemException(ProblemResponses.notFound(ex.getMessage()));
    }

    /** Returns the problem of a placement that order-service has no room for now; a 503 that says when to retry. */
    static ProblemDetail atCapacity() {
        return ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "at-capacity", "At capacity",
                new OrderIntakeFullException().getMessage());
    }

    private static void rejectOtherCustomer(PlaceOrderRequest request, Caller caller) {
        if (!caller.mayActFor(request.customerId())) {
            ProblemDetail problem = ProblemResponses.problem(HttpStatus.FORBIDDEN, "other-customer", "Forbidden",
                    "customerId: a customer's token places orders for that customer only, " + caller.customerId());
            problem.setProperty("errors", List.of(new FieldError("customerId",
                    "must be the customer of the access token, " + caller.customerId())));
            throw new ProblemException(problem);
        }
    }

    private static void rejectRepeatedSkus(PlaceOrderRequest request) {
        Set<String> seen = new HashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            String sku = request.lines().get(i).sku();
            if (!seen.add(sku)) {
                errors.add(new FieldError("lines[" + i + "].sku", "repeats sku " + sku + "; a sku may appear once"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemResponses.invalidRequest(errors));
        }
    }
}
