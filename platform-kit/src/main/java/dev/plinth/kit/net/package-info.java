/** Network helpers shared by the platform's processes and their tests. */
package dev.plinth.kit.net;
