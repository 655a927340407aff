package dev.suite.consensus.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.suite.consensus.kv.IndexWatch;
import dev.suite.consensus.kv.KvCommand;
import dev.suite.consensus.kv.KvStore;

/**
 * Adapts the pure {@link KvStore} to Ratis: decodes committed log entries, applies them with
 * their log index, answers the ReadIndex query with the applied index, and stores snapshots as
 * single files in Ratis' state machine directory (which Ratis also ships to lagging followers).
 */
final class KvStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(KvStateMachine.class);

    private final KvStore store;
    private final IndexWatch watch;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    // Apply and snapshot under one lock, so a snapshot's content matches its term-index.
    private final Object applyLock = new Object();

    KvStateMachine(KvStore store, IndexWatch watch) {
        this.store = store;
        this.watch = watch;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            load(storage.getLatestSnapshot());
        });
    }

    /**
     * Ratis pauses the state machine before it publishes a snapshot installed from the leader, and
     * asserts that it is PAUSED before {@link #reinitialize()}; BaseStateMachine does not do that.
     */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Called after a snapshot was installed from the leader: replace the state with it. */
    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        synchronized (applyLock) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()))) {
                store.restore(in);
            }
            setLastAppliedTermIndex(snapshot.getTermIndex());
            watch.reset(snapshot.getIndex());
        }
        log.info("Loaded snapshot {} ({} keys)", snapshot.getTermIndex(), store.size());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /** Applies the entry's commands in order; the answer holds one byte per command, 1 or 0 as Consul's true or false. */
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        List<KvCommand> commands = KvCommand.listFromBytes(entry.getStateMachineLogEntry().getLogData().toByteArray());
        byte[] answers = new byte[commands.size()];
        synchronized (applyLock) {
            for (int i = 0; i < answers.length; i++) {
                answers[i] = (byte) (store.apply(entry.getIndex(), commands.get(i)) ? 1 : 0);
            }
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        watch.advance(entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(answers)));
    }

    /** Configuration and no-op entries move the applied index too; readers wait on it. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        synchronized (applyLock) {
            super.notifyTermIndexUpdated(term, index);
        }
        watch.advance(index);
    }

    /**
     * The linearizable read barrier. Ratis runs this on the leader only after its applied index
     * reached the ReadIndex; the answer tells the asking node how far it must have applied.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        long applied = getLastAppliedTermIndex().getIndex();
        return CompletableFuture.completedFuture(
                Message.valueOf(ByteString.copyFrom(
                        ByteBuffer.allocate(Long.BYTES).putLong(0, applied))));
    }

    @Override
    public long takeSnapshot() throws IOException {
        synchronized (applyLock) {
            TermIndex last = getLastAppliedTermIndex();
            if (last == null || last.getIndex() <= 0) {
                return -1;
            }
            File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
            File tmp = new File(file.getPath() + ".tmp");
            try (FileOutputStream stream = new FileOutputStream(tmp);
                 BufferedOutputStream out = new BufferedOutputStream(stream)) {
                store.writeSnapshot(out);
                out.flush();
                stream.getFD().sync();
            }
            Files.move(tmp.toPath(), file.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
            storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
            log.info("Took snapshot at {} ({} keys)", last, store.size());
            return last.getIndex();
        }
    }
}
