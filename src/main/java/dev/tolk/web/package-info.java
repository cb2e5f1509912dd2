/**
 * Cross-cutting HTTP, and nothing of any feature: {@link dev.tolk.web.ProblemHandler} (every error
 * as {@code application/problem+json}: feature exceptions by their failure, binding and validation
 * errors naming the field, anything else a logged 500), {@link dev.tolk.web.ApiKeyFilter} (API
 * keys, admin keys, per-key rate limits, admin endpoints local-only without keys, body limits;
 * decided before any body is read, with {@code RequestBodies}), {@link
 * dev.tolk.web.EngineHealthIndicator} (readiness waits for the engine) and request logging without
 * bodies or keys ({@code WebConfiguration}). Only controllers and configuration classes of the
 * features may use this package.
 */
package dev.tolk.web;
