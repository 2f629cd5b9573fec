package dev.tidepool.process.worker;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidepool.process.Job;

/**
 * The frames parent and worker exchange: one JSON object per line, UTF-8, on the worker's stdin
 * (parent to worker) and stdout (worker to parent). The README documents the format. Not exported:
 * shared by the parent and the worker side of this module.
 */
public final class Frames {
    /** The one mapper of both sides (thread-safe once configured). */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {}

    /**
     * The input and output types of a job class ({@code I} and {@code O} of its {@link Job}).
     *
     * @param job the job class
     * @return {@code [I, O]}
     */
    public static JavaType[] types(Class<?> job) {
        JavaType[] t = JSON.getTypeFactory().constructType(job).findTypeParameters(Job.class);
        if (t == null || t.length != 2) {
            throw new IllegalArgumentException(job.getName() + " does not implement " + Job.class.getName());
        }
        return t;
    }

    /**
     * A new frame of {@code type}.
     *
     * @param type the frame's type
     * @return the frame, to fill in
     */
    public static ObjectNode frame(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }
}
