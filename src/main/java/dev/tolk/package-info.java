/** Tolk: a machine-translation service that trains and serves Transformer models on DJL. */
package dev.tolk;
