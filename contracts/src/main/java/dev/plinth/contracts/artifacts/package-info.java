/**
 * The seam app packages are stored through: {@link dev.plinth.contracts.artifacts.ArtifactStore},
 * content-addressed by sha256. A local directory by default, Azure Blob Storage when configured.
 */
package dev.plinth.contracts.artifacts;
