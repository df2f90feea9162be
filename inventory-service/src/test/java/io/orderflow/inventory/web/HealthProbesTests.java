package io.orderflow.inventory.web;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.testsupport.web.HealthProbesContract;

@InventoryServiceTest
class HealthProbesTests implements HealthProbesContract {
}
