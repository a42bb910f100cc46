package dev.plinth.agent.runtime.network;

/**
 * An IPv4 range cut into /30 slots: slot {@code i} is {@code base + 4i}, its host end {@code +1} and
 * its inner end {@code +2}.
 *
 * @param base         the first address, as an unsigned 32-bit number
 * @param prefixLength the range's prefix length, 8 to 30
 */
record AddressRange(long base, int prefixLength) {

    /**
     * @param cidr as {@code 10.213.0.0/16}
     * @throws IllegalArgumentException with what to fix
     */
    static AddressRange parse(String cidr) {
        String hint = " (plinth.agent.network.range must be an IPv4 range such as 10.213.0.0/16)";
        if (cidr == null || !cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 range" + hint);
        }
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("the range " + cidr + " must have a prefix length from /8 to /30" + hint);
        }
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            int value = Integer.parseInt(octet);
            if (value > 255) {
                throw new IllegalArgumentException("'" + cidr + "' has an octet above 255" + hint);
            }
            address = (address << 8) | value;
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("'" + cidr + "' has host bits set: its range starts at "
                    + format(address & mask) + "/" + prefix + hint);
        }
        return new AddressRange(address, prefix);
    }

    /** @return how many /30 slots the range holds */
    /** @return the range as {@code 10.213.0.0/16} */
    String cidr() {
        return format(base) + "/" + prefixLength;
    }

    int slots() {
        return 1 << (30 - prefixLength);
    }

    /** @return the host end of a slot */
    String hostAddress(int slot) {
        return format(base + 4L * slot + 1);
    }

    /** @return the inner end of a slot */
    String innerAddress(int slot) {
        return format(base + 4L * slot + 2);
    }

    static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }
}
