/**
 * File and input helpers every feature shares: {@link dev.tolk.io.AtomicFiles} (temp + rename),
 * {@link dev.tolk.io.TextFiles} (gzip by magic bytes), {@link dev.tolk.io.LineReader} (strict
 * UTF-8, line numbers, {@link dev.tolk.io.MalformedTextException}) and {@link
 * dev.tolk.io.JsonErrors} (what a refused JSON value's field must be, in words). No Spring code.
 */
package dev.tolk.io;
