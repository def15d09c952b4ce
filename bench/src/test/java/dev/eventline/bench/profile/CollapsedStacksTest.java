package dev.eventline.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;

import dev.eventline.bench.profile.CollapsedStacks.Share;
import org.junit.jupiter.api.Test;

class CollapsedStacksTest {

    private static final String PROFILE = """
            [C2 CompilerThread0 tid=101];thread_native_entry;C2Compiler::compile_method 40
            [C2 CompilerThread1 tid=102];thread_native_entry;C2Compiler::compile_method 10
            [app-8c3f1a2b-1111-2222-3333-444455556666-StreamThread-1 tid=7];java/lang/Thread.run_[j];dev/eventline/command/decide/DecideProcessor.process_[j];org/rocksdb/RocksDB.get_[j];rocksdb::DB::Get 30
            [app-8c3f1a2b-1111-2222-3333-444455556666-StreamThread-2 tid=8];java/lang/Thread.run_[j];dev/eventline/command/decide/DecideProcessor.process_[j];dev/eventline/command/decide/DecideProcessor.process_[j];java/util/HashMap.get_[j] 15
            [vert.x-eventloop-thread-0 tid=9];java/lang/Thread.run_[j];sun/nio/ch/EPoll.wait_[j];epoll_wait_[k] 5
            [reply-listener tid=10];dev/eventline/command/edge/ReplyListener$$Lambda$880.0x00007f855c744f48.run_[j];java/util/HashMap.get_[j] 1
            [reply-listener tid=10];dev/eventline/command/edge/ReplyListener$$Lambda$881.0x00007f855c744f50.run_[j];java/util/HashMap.get_[j] 1
            """;

    @Test
    void threadsOfOnePoolAreOneLine() throws Exception {
        CollapsedStacks stacks = CollapsedStacks.read(new StringReader(PROFILE), "dev.eventline");

        assertThat(stacks.samples()).isEqualTo(102);
        assertThat(stacks.topThreads(2)).containsExactly(new Share("C2 CompilerThreadN", 50, 50 / 102.0),
                new Share("app-*-StreamThread-N", 45, 45 / 102.0));
    }

    @Test
    void selfTimeIsTheFrameOnTopOfTheStackWithoutItsTypeSuffix() throws Exception {
        CollapsedStacks stacks = CollapsedStacks.read(new StringReader(PROFILE), "dev.eventline");

        assertThat(stacks.topSelf(4)).containsExactly(new Share("C2Compiler::compile_method", 50, 50 / 102.0),
                new Share("rocksdb::DB::Get", 30, 30 / 102.0), new Share("java.util.HashMap.get", 17, 17 / 102.0), new Share("epoll_wait", 5, 5 / 102.0));
    }

    @Test
    void ownFramesCountEverySamplePassingThroughThemOnceEvenWhenRecursive() throws Exception {
        CollapsedStacks stacks = CollapsedStacks.read(new StringReader(PROFILE), "dev.eventline");

        assertThat(stacks.topOwn(5)).containsExactly(new Share("dev.eventline.command.decide.DecideProcessor.process", 45, 45 / 102.0),
                new Share("dev.eventline.command.edge.ReplyListener$$Lambda.run", 2, 2 / 102.0));
    }

    @Test
    void anEmptyProfileHasNoShares() throws Exception {
        CollapsedStacks stacks = CollapsedStacks.read(new StringReader(""), "dev.eventline");

        assertThat(stacks.samples()).isZero();
        assertThat(stacks.topSelf(3)).isEmpty();
    }
}
