/**
 * The catalogue API over HTTP, and its security.
 */
package io.orderflow.inventory.web;
