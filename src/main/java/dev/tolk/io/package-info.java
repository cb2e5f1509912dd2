/** File helpers every feature shares: atomic writes, strict UTF-8 line reading, gzip detection. */
package dev.tolk.io;
