package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.dl4jsaliency.audit.Audit;
import org.dl4jsaliency.audit.ToolVersion;
import org.dl4jsaliency.engine.NonFiniteValueException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code saliency-audit} command line. Exit codes: 0 all checks pass, 1 a check failed,
 * 2 usage or input error (one line naming the problem; the stack trace only with --verbose).
 */
public final class SaliencyAudit {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command c : new Command[] {new AuditCommand(), new ExplainCommand(), new DoctorCommand(), new BenchCommand(),
                new TrainDemoCommand(), new TrainFashionCommand(), new ReproduceCommand()}) {
            COMMANDS.put(c.name(), c);
        }
    }

    private SaliencyAudit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println("saliency-audit " + ToolVersion.get() + " (Deeplearning4j "
                    + Audit.mavenVersion("org.deeplearning4j", "deeplearning4j-nn") + ", Java "
                    + System.getProperty("java.version") + ")");
            return 0;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("saliency-audit: unknown command '" + args[0] + "'; commands: " + COMMANDS.keySet());
            return 2;
        }
        Options options = command.options();
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        options.addOption(Option.builder().longOpt("verbose").desc("stack traces on errors").build());
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean verbose = Arrays.asList(rest).contains("--verbose");
        try {
            CommandLine line = new DefaultParser().parse(options, rest);
            if (line.hasOption("help")) {
                help(command, options, out);
                return 0;
            }
            if (!line.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument(s) " + line.getArgList());
            }
            rejectRepeatedSingleValues(line, options);
            return command.run(line, out);
        } catch (ParseException | UsageException | IllegalArgumentException e) {
            err.println("saliency-audit " + command.name() + ": " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return 2;
        } catch (NonFiniteValueException e) {
            err.println("saliency-audit " + command.name() + ": " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return 2;
        } catch (Exception e) {
            err.println("saliency-audit " + command.name() + ": " + e);
            if (verbose) {
                e.printStackTrace(err);
            }
            return 2;
        }
    }

    /**
     * Commons CLI keeps every occurrence of an option and {@code getOptionValue} returns the first, so
     * {@code --out a --out b} would silently write to a. An option may repeat only if its help says it is
     * repeatable (the help is what users read).
     */
    private static void rejectRepeatedSingleValues(CommandLine line, Options options) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Option o : line.getOptions()) {
            counts.merge(o.getLongOpt() != null ? o.getLongOpt() : o.getOpt(), 1, Integer::sum);
        }
        counts.forEach((name, n) -> {
            Option def = options.getOption(name);
            boolean repeatable = def.getDescription() != null && def.getDescription().contains("repeatable");
            if (n > 1 && def.hasArg() && !repeatable) {
                throw new UsageException("--" + name + " is given " + n + " times; it takes one value");
            }
        });
    }

    private static void usage(PrintStream out) {
        out.println("usage: saliency-audit <command> [options]   (saliency-audit <command> --help; --version)");
        COMMANDS.values().forEach(c -> out.printf("  %-14s %s%n", c.name(), c.summary()));
    }

    private static void help(Command c, Options options, PrintStream out) {
        PrintWriter w = new PrintWriter(out);
        new HelpFormatter().printHelp(w, 100, "saliency-audit " + c.name() + " [options]", c.summary(), options,
                2, 2, "");
        w.flush();
    }
}
