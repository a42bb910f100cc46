package dev.plinth.agent;

/**
 * The highest fencing token among the commands this agent carried out. node-manager stamps each
 * command with its lease token, which grows with every new holder; a command with a lower token comes
 * from a holder that has since lost the lease (it stalled between its check and its send), and must
 * not undo what the newer holder asked for. A command without a token (0) is always let through.
 */
final class CommandFence {

    private long highest;

    /**
     * @param fence the command's fencing token
     * @return true when the command may be carried out (its token is 0 or not lower than any seen),
     *         false when a newer holder has spoken since
     */
    synchronized boolean admit(long fence) {
        if (fence <= 0) {
            return true;
        }
        if (fence < highest) {
            return false;
        }
        highest = fence;
        return true;
    }

    /** @return the highest token seen, 0 when none */
    synchronized long highest() {
        return highest;
    }
}
