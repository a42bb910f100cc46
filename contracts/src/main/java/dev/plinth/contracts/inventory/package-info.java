/** The node inventory: the nodes a platform runs apps on, loaded and checked by {@link dev.plinth.contracts.inventory.InventoryLoader}. */
package dev.plinth.contracts.inventory;
