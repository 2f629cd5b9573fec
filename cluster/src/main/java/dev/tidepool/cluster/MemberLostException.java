package dev.tidepool.cluster;

/** The member running a task left the cluster (or died) before it answered. */
public final class MemberLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The member's address, as Hazelcast names it. */
    private final String member;

    MemberLostException(String message, String member, Throwable cause) {
        super(message, cause);
        this.member = member;
    }

    /**
     * The member that was lost.
     *
     * @return its address, as Hazelcast names it
     */
    public String member() {
        return member;
    }
}
