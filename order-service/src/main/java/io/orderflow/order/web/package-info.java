/**
 * The orders API over HTTP: placing, showing, listing and cancelling orders, the admission of placements in front of
 * the servlet, and the API's security.
 */
package io.orderflow.order.web;
