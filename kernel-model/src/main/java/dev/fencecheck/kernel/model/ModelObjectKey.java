package dev.fencecheck.kernel.model;

/**
 * What the executor is told a step touches. The explorer compares the steps of a new execution
 * with those of the executions it replays, so the key is made of ids every replay of a schedule
 * prefix assigns alike (fence context and seqno, creation order), never of object identity.
 */
record ModelObjectKey(String kind, long id, long seqno) {
    @Override
    public String toString() {
        return kind + " " + id + (seqno < 0 ? "" : ":" + seqno);
    }
}
