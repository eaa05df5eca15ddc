/**
 * The fencecheck SPI: everything a driver plugin may see. It has no third-party dependencies,
 * so that a plugin builds against this artifact alone.
 */
package dev.fencecheck.api;
