package dev.suite.consensus.kv;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A change to the store, as it travels through the Raft log. {@code cas == null} means an
 * unconditional change; {@code cas == 0} means "only if the key does not exist" for a put.
 */
public sealed interface KvCommand {

    record Put(String key, byte[] value, long flags, Long cas) implements KvCommand {
    }

    /** Deletes one key, or every key starting with {@code key} when {@code recurse}. */
    record Delete(String key, boolean recurse, Long cas) implements KvCommand {
    }

    byte PUT = 1;
    byte DELETE = 2;
    /** Several commands in one log entry (group commit), applied in order. */
    byte BATCH = 3;

    /** Encodes commands that travel in one log entry. */
    static byte[] toBytes(List<KvCommand> commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(BATCH);
            out.writeInt(commands.size());
            for (KvCommand command : commands) {
                writeBytes(out, command.toBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a log entry: a batch, or a single command. */
    static List<KvCommand> listFromBytes(byte[] data) {
        if (data.length == 0 || data[0] != BATCH) {
            return List.of(fromBytes(data));
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            in.readByte();
            int count = in.readInt();
            List<KvCommand> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                commands.add(fromBytes(readBytes(in)));
            }
            return commands;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size this command adds to a log entry, roughly. */
    default int size() {
        if (this instanceof Put put) {
            return put.key().length() + put.value().length + 32;
        }
        return ((Delete) this).key().length() + 32;
    }

    default byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // Java 17 bytecode: no pattern matching for switch yet.
            if (this instanceof Put put) {
                out.writeByte(PUT);
                writeBytes(out, put.key().getBytes(StandardCharsets.UTF_8));
                out.writeLong(put.flags());
                writeCas(out, put.cas());
                writeBytes(out, put.value());
            } else if (this instanceof Delete delete) {
                out.writeByte(DELETE);
                writeBytes(out, delete.key().getBytes(StandardCharsets.UTF_8));
                out.writeBoolean(delete.recurse());
                writeCas(out, delete.cas());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KvCommand fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            byte type = in.readByte();
            String key = new String(readBytes(in), StandardCharsets.UTF_8);
            return switch (type) {
                case PUT -> {
                    long flags = in.readLong();
                    Long cas = readCas(in);
                    yield new Put(key, readBytes(in), flags, cas);
                }
                case DELETE -> {
                    boolean recurse = in.readBoolean();
                    yield new Delete(key, recurse, readCas(in));
                }
                default -> throw new IllegalArgumentException("unknown command type " + type);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeCas(DataOutputStream out, Long cas) throws IOException {
        out.writeBoolean(cas != null);
        if (cas != null) {
            out.writeLong(cas);
        }
    }

    private static Long readCas(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
