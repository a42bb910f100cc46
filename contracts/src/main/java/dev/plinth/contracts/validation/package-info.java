/** Validation of user documents against Plinth's JSON Schemas, with every problem reported by path. */
package dev.plinth.contracts.validation;
