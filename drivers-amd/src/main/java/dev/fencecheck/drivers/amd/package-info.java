/**
 * The amd driver models. Empty until the driver SPI lands (issue "The driver SPI and the
 * vendor modules"); this module only fixes its place in the build and its one allowed
 * dependency, {@code fencecheck-api}.
 */
package dev.fencecheck.drivers.amd;
