package dev.plinth.agent.runtime.network;

/**
 * The names and addresses of one instance's network namespace. Names carry the slot number, so
 * several agents on one host never pick the same ones (the slot is claimed host-wide first).
 *
 * @param index        the slot in the range
 * @param namespace    the network namespace, under {@code /run/netns}
 * @param hostLink     the veth end in the host's namespace
 * @param innerLink    the veth end inside the instance's namespace
 * @param hostAddress  the host end's address: the instance reaches the platform's doors here
 * @param innerAddress the inner end's address: the gateway and health checks reach the instance here
 * @param table        the host's nftables table (family inet) for this slot
 */
record NetworkSlot(int index, String namespace, String hostLink, String innerLink, String hostAddress,
                   String innerAddress, String table) {

    static final String NAMESPACE_PREFIX = "plinth-";
    static final String HOST_LINK_PREFIX = "plh";
    static final String TABLE_PREFIX = "plinth_";

    static NetworkSlot of(AddressRange range, int index) {
        // Interface names are at most 15 characters: "plh" + up to 7 digits fits any range from /8.
        return new NetworkSlot(index, NAMESPACE_PREFIX + index, HOST_LINK_PREFIX + index, "pli" + index,
                range.hostAddress(index), range.innerAddress(index), TABLE_PREFIX + index);
    }

    String namespacePath() {
        return "/run/netns/" + namespace;
    }
}
