/**
 * What every Plinth HTTP server lets in before a request's body is read: a size limit per route,
 * enforced on the connection (see {@link dev.plinth.kit.http.BodyLimits}).
 */
package dev.plinth.kit.http;
