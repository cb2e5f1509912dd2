/**
 * The compute runtime: which engine (PyTorch through DJL) and which device Tolk runs on, chosen
 * from configuration. No Spring code: the command line and the service share it.
 */
package dev.tolk.runtime;
