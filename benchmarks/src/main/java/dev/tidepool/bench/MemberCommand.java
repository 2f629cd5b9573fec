package dev.tidepool.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.cli.CliPaths;
import dev.tidepool.cluster.ClusterRunner;
import dev.tidepool.tracing.Tracing;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code cluster member}: one Hazelcast member that runs cluster tasks on a Tidepool pool,
 * bound to one interface (127.0.0.1 by default), joining by TCP/IP the members listed, with
 * multicast off; or configured by a Hazelcast XML/YAML file ({@code --config}). It runs until it is stopped (or, with {@code --until-stdin-ends}, until its
 * standard input ends, which is how a parent process keeps it from outliving itself). Started
 * from the benchmark jar it has Tidepool's classes alone: {@code --class-path} adds the user's
 * task classes, as the class loader Hazelcast deserializes tasks with.
 */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = "Start a Hazelcast member that runs Tidepool cluster tasks; print one 'ready' line.")
final class MemberCommand implements Callable<Integer> {
    /** Kept: a logger whose level is set must stay reachable. */
    static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cluster-name", description = "the cluster's name (default: ${DEFAULT-VALUE})", defaultValue = "tidepool")
    String clusterName;

    @Option(names = "--port", description = "the port to listen on (default: ${DEFAULT-VALUE})", defaultValue = "5701")
    int port;

    @Option(names = "--interface", description = "the address to bind to (default: ${DEFAULT-VALUE})", defaultValue = "127.0.0.1")
    String address;

    @Option(names = "--members", split = ",", paramLabel = "HOST:PORT",
            description = "members to join, comma-separated (default: this one alone)")
    List<String> members;

    @Option(names = "--cores", description = "cores of this member's Tidepool pool (default: one per processor)")
    Integer cores;

    @Option(names = "--until-stdin-ends", description = "stop when standard input ends (for a parent process)")
    boolean untilStdinEnds;

    @Option(names = "--config", paramLabel = "FILE", description = "a Hazelcast configuration (XML or YAML) to start"
            + " from; --port, --interface and --members then replace its network settings only when given")
    Path configFile;

    @Option(names = "--trace", paramLabel = "FILE", description = "write this member's Perfetto trace there"
            + " (merge the members' files with tidepool-bench merge-traces)")
    Path trace;

    @Option(names = "--verbose", description = "Hazelcast's own log lines down to INFO (default: warnings and errors)")
    boolean verbose;

    @Option(names = {"--class-path", "-cp"}, paramLabel = "PATH", description = "jars and directories, separated by '"
            + "${sys:path.separator}', that hold the classes of the tasks this member runs (a member started from the"
            + " jar has Tidepool's own alone)")
    String classPath;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 1 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be from 1 to 65535: " + port);
        }
        if (cores != null && cores < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cores must be at least 1: " + cores);
        }
        HAZELCAST_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
        if (trace != null) {
            CliPaths.checkOutput(spec.commandLine(), "--trace", trace, false);
        }
        Config config = config();
        // Closed when stdin ends, or by the tracing's own shutdown hook when the process is stopped.
        Tracing tracing = trace == null ? null : Tracing.toPerfetto(trace, "cluster member, port " + config.getNetworkConfig().getPort());
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        System.out.println("member " + hz.getCluster().getLocalMember().getAddress() + " of cluster '" + clusterName
                + "' ready (" + hz.getCluster().getMembers().size() + " members)");
        System.out.flush();
        if (untilStdinEnds) {
            while (System.in.read() >= 0) {
                // until the parent closes it or dies
            }
            // Leaving on purpose, most likely with the others (a parent closes them all): their
            // leaving is no longer worth a warning here.
            HAZELCAST_LOG.setLevel(Level.SEVERE);
            hz.shutdown();
            if (tracing != null) {
                tracing.close();
            }
        } else {
            new CountDownLatch(1).await(); // until the process is stopped (Hazelcast's shutdown hook leaves the cluster)
        }
        return 0;
    }

    Config config() throws IOException {
        Config c = baseConfig();
        if (classPath != null) {
            c.setClassLoader(taskClassLoader());
        }
        return c;
    }

    /**
     * The class loader Hazelcast deserializes this member's tasks with: the jars and directories
     * of {@code --class-path} over the member's own classes.
     */
    private ClassLoader taskClassLoader() {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--class-path: no such file or directory: " + entry);
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--class-path: not a path: " + entry);
            }
        }
        return new URLClassLoader("member-tasks", urls.toArray(URL[]::new), MemberCommand.class.getClassLoader());
    }

    private Config baseConfig() throws IOException {
        if (configFile != null) {
            CliPaths.checkInput(spec.commandLine(), configFile);
            Config c = Config.loadFromFile(configFile.toFile()); // XML or YAML, by its extension
            ParseResult given = spec.commandLine().getParseResult();
            if (given.hasMatchedOption("--cluster-name")) {
                c.setClusterName(clusterName);
            }
            if (given.hasMatchedOption("--port")) {
                c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
            }
            if (given.hasMatchedOption("--interface")) {
                c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(address);
            }
            if (given.hasMatchedOption("--members")) {
                c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
            }
            if (cores != null) {
                c.getMemberAttributeConfig().setAttribute(ClusterRunner.CORES_ATTRIBUTE, Integer.toString(cores));
            }
            return c;
        }
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.local.localAddress", address);
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(address);
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members == null ? List.of(address + ":" + port) : members);
        if (cores != null) {
            c.getMemberAttributeConfig().setAttribute(ClusterRunner.CORES_ATTRIBUTE, Integer.toString(cores));
        }
        return c;
    }
}
