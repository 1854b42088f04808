package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

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
            return command.run(line, out);
        } catch (ParseException | UsageException | IllegalArgumentException e) {
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

    private static void usage(PrintStream out) {
        out.println("usage: saliency-audit <command> [options]   (saliency-audit <command> --help)");
        COMMANDS.values().forEach(c -> out.printf("  %-14s %s%n", c.name(), c.summary()));
    }

    private static void help(Command c, Options options, PrintStream out) {
        PrintWriter w = new PrintWriter(out);
        new HelpFormatter().printHelp(w, 100, "saliency-audit " + c.name() + " [options]", c.summary(), options,
                2, 2, "");
        w.flush();
    }
}
