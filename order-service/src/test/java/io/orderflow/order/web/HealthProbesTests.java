package io.orderflow.order.web;

import io.orderflow.order.OrderServiceTest;
import io.orderflow.testsupport.web.HealthProbesContract;

@OrderServiceTest
class HealthProbesTests implements HealthProbesContract {
}
