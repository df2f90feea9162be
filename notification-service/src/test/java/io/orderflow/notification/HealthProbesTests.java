package io.orderflow.notification;

import io.orderflow.testsupport.web.HealthProbesContract;

class HealthProbesTests extends NotificationServiceIntegration implements HealthProbesContract {
}
