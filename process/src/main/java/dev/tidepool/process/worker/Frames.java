package dev.tidepool.process.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidepool.process.Job;

/**
 * The frames parent and worker exchange: one JSON object per line, UTF-8, on the worker's stdin
 * (parent to worker) and stdout (worker to parent). docs/guide/worker-processes.md documents the format. Not exported:
 * shared by the parent and the worker side of this module.
 *
 * <p>Both sides read and write with {@link #JSON}, which differs from a default mapper in two
 * ways. Its strings have no length limit (Jackson's default stops at 20 million characters, a
 * guard against untrusted input; frames come from the pool's own processes), so a job's input and
 * output are limited only by memory and by a Java string's length (a frame is one line). And it
 * writes every UTF-16 surrogate as a {@code \\uXXXX} escape, so a string holding an unpaired
 * surrogate (not valid Unicode, but a valid Java string) crosses as it is instead of turning into
 * {@code ?} when the line is encoded as UTF-8; other characters are written as they are. Nesting
 * is limited to Jackson's default of 1,000 levels: a deeper input (or a cyclic one) is refused at
 * submission.
 */
public final class Frames {
    /** The one mapper of both sides (thread-safe once configured). */
    public static final ObjectMapper JSON = configure(new ObjectMapper());

    private Frames() {}

    private static ObjectMapper configure(ObjectMapper m) {
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build());
        m.getFactory().setCharacterEscapes(new SurrogateEscapes());
        return m;
    }

    /** The standard JSON escapes, plus {@code \\uXXXX} for each surrogate code unit. */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }

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

    /**
     * A frame as the one line that carries it (no newline).
     *
     * @param frame the frame
     * @return its JSON text
     */
    public static String write(ObjectNode frame) {
        try {
            return JSON.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a frame of Tidepool's own cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * A job's input as JSON text.
     *
     * @param job the job's class name, for the message
     * @param input the input
     * @return its JSON text
     * @throws IllegalArgumentException naming the job if the input cannot be written: a type
     *     Jackson cannot write, nesting deeper than 1,000 levels, or a cycle
     */
    public static String inputJson(String job, Object input) {
        try {
            return JSON.writeValueAsString(input);
        } catch (JsonProcessingException bad) {
            throw new IllegalArgumentException("job " + job + ": its input cannot be written as JSON: " + bad.getOriginalMessage(), bad);
        } catch (StackOverflowError deep) {
            throw new IllegalArgumentException("job " + job + ": its input cannot be written as JSON: it nests too deep,"
                    + " or refers to itself (a cycle)", deep);
        }
    }
}
