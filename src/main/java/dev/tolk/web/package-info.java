/** The service's cross-cutting web concerns: health and readiness, errors, configuration. */
package dev.tolk.web;
