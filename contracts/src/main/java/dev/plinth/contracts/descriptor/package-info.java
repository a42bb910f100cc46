/**
 * The app descriptor, {@code plinth.yaml}: its records, its JSON Schema
 * ({@code /dev/plinth/contracts/plinth-descriptor.schema.json}) and {@link dev.plinth.contracts.descriptor.DescriptorParser}.
 */
package dev.plinth.contracts.descriptor;
