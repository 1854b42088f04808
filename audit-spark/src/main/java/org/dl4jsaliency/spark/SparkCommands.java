package org.dl4jsaliency.spark;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dl4jsaliency.audit.AuditConfig;
import org.dl4jsaliency.audit.AuditOverrides;
import org.dl4jsaliency.audit.AuditResult;
import org.dl4jsaliency.engine.Precision;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.dl4jsaliency.report.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Spark commands, embedded ({@code ./saliency-audit spark-explain …}, {@code --master local[*]} by
 * default) or on a cluster ({@code spark-submit --class org.dl4jsaliency.spark.SparkCommands … spark-audit …},
 * which sets the master):
 * <ul>
 * <li>{@code spark-explain}: explanation rows of every image under {@code --images} as Parquet in {@code --out};</li>
 * <li>{@code spark-audit}: the same rows in {@code --out}/explanations (or {@code --explanations URI}), then the
 * dataset-level checks into
 * {@code --out}/audit.json, audit.html and audit-junit.xml, with {@code ./saliency-audit audit}'s exit codes.</li>
 * </ul>
 * Exit codes: 0 pass (or WARN, or FAIL with {@code --warn-only}), 1 a check failed, 2 usage or input error
 * (one line naming the problem) or nothing measured.
 */
public final class SparkCommands {
    /** The Parquet folder spark-audit writes inside its output folder. */
    public static final String EXPLANATIONS = "explanations";

    private SparkCommands() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code args} ({@code spark-explain …} or {@code spark-audit …}); returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !List.of("spark-explain", "spark-audit").contains(args[0])) {
            err.println("usage: spark-explain|spark-audit --images URI --out FOLDER [options] (--help lists them)");
            return 2;
        }
        String command = args[0];
        Options options = options(command);
        CommandLine line;
        try {
            line = new DefaultParser().parse(options, Arrays.copyOfRange(args, 1, args.length));
        } catch (ParseException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        }
        if (line.hasOption("help")) {
            new HelpFormatter().printHelp(new PrintWriter(out, true), 100, command, null, options, 2, 2, null, true);
            return 0;
        }
        try {
            return command.equals("spark-explain") ? explain(line, out) : audit(line, out);
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        }
    }

    private static int explain(CommandLine line, PrintStream out) {
        Job job = Job.of(line, line.hasOption("maps"));
        String target = required(line, "out");
        try (SparkSession spark = session(line, "spark-explain")) {
            long t0 = System.nanoTime();
            ParquetOutput.write(job.explain(spark, line), target);
            out.printf(Locale.ROOT, "explanations: %s (%.1f s)%n", target, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    private static int audit(CommandLine line, PrintStream out) {
        Instant started = Instant.now();
        Job job = Job.of(line, false);
        Path folder = Path.of(required(line, "out"));
        if (Files.exists(folder)) {
            throw new IllegalArgumentException("output folder " + folder + " exists; choose a new one");
        }
        AuditReport report;
        try (SparkSession spark = session(line, "spark-audit")) {
            // On a cluster the executors write the rows: they need a shared file system (--explanations),
            // while the reports are written by the driver into a local folder.
            String explanations = line.getOptionValue("explanations", folder.resolve(EXPLANATIONS).toUri().toString());
            Files.createDirectories(folder);
            ParquetOutput.write(job.explain(spark, line), explanations);
            Dataset<Row> rows = spark.read().parquet(explanations);
            report = DistributedAudit.report(rows, job.config, job.settings, job.modelFile.toString(),
                    DistributedExplain.sha256(job.model), job.precision, job.modelPrecision, started,
                    line.hasOption("warn-only"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + folder, e);
        }
        AuditResult.of(report).writeReports(folder);
        for (CheckResult r : report.results()) {
            out.printf(Locale.ROOT, "  %-22s %-28s %-14s %s%n", r.check(), r.method(), r.verdict(),
                    r.value() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", r.value()));
        }
        out.println("reports: " + folder.resolve(AuditResult.HTML) + ", " + AuditResult.JSON + ", " + AuditResult.JUNIT);
        if (report.overall() == Verdict.NOT_APPLICABLE) {
            throw new IllegalArgumentException(AuditReport.NOTHING_MEASURED + " (reports written to " + folder + ")");
        }
        out.println(report.overall() + (report.overall() == Verdict.FAIL && report.warnOnly() ? " (ignored: --warn-only)" : ""));
        return report.overall() == Verdict.FAIL && !report.warnOnly() ? 1 : 0;
    }

    /** What both commands resolve before Spark starts: configuration, settings and the model file's bytes. */
    private record Job(AuditConfig config, ExplainSettings settings, Path modelFile, byte[] model, String precision,
                       String modelPrecision) {
        static Job of(CommandLine line, boolean maps) {
            AuditOverrides.Builder flags = AuditOverrides.builder();
            if (line.hasOption("model")) {
                flags.modelFile(Path.of(line.getOptionValue("model")));
            }
            if (line.hasOption("input-shape")) {
                flags.inputShape(Arrays.stream(line.getOptionValue("input-shape").split(","))
                        .mapToInt(s -> parseInt("input-shape", s)).toArray());
            }
            if (line.hasOption("method")) {
                flags.methods(List.of(line.getOptionValues("method")));
            }
            AuditConfig config = flags.build().applyTo(loadConfig(line.getOptionValue("config", "default")));
            if (config.model.file == null) {
                throw new IllegalArgumentException("the Spark commands explain a model file; configuration "
                        + config.source() + " names a zoo model (give --model)");
            }
            ExplainSettings settings = ExplainSettings.of(config,
                    parseInt("batch", line.getOptionValue("batch", "16")), maps);
            Path file = config.resolve(config.model.file);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("model file " + file + " cannot be read: " + e.getMessage(), e);
            }
            ExecutorModels.Loaded loaded = ExecutorModels.get(file.getFileName().toString(),
                    DistributedExplain.sha256(bytes), bytes, settings.inputShape(), settings.precision());
            return new Job(config, settings, file, bytes,
                    Precision.labelOf(loaded.explainer().engine().dataType()),
                    Precision.labelOf(loaded.model().params().dataType()));
        }

        Dataset<Row> explain(SparkSession spark, CommandLine line) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            int partitions = line.hasOption("partitions") ? parseInt("partitions", line.getOptionValue("partitions"))
                    : sc.defaultParallelism();
            JavaRDD<ImageInput> images = ImageInput.binaryFiles(sc, required(line, "images"), partitions);
            if (line.hasOption("masks")) {
                images = ImageInput.withMasks(sc, images, line.getOptionValue("masks"));
            }
            return DistributedExplain.explain(spark, images, settings, modelFile.getFileName().toString(), model);
        }
    }

    /** A configuration by name ({@code zoo-configs/NAME.json} under the launcher's home) or by path. */
    private static AuditConfig loadConfig(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (!Files.exists(p) && !nameOrPath.contains("/") && !nameOrPath.endsWith(".json")) {
            p = Path.of(System.getProperty("saliency.home", ".")).resolve("zoo-configs").resolve(nameOrPath + ".json");
        }
        return AuditConfig.read(p);
    }

    /** The session: the master spark-submit set, else {@code --master}, else every local core. */
    private static SparkSession session(CommandLine line, String name) {
        SparkSession.Builder b = SparkSession.builder().appName("saliency-audit " + name);
        if (!new SparkConf().contains("spark.master")) {
            b.master(line.getOptionValue("master", "local[*]"));
        }
        return b.getOrCreate();
    }

    private static String required(CommandLine line, String option) {
        if (!line.hasOption(option)) {
            throw new IllegalArgumentException("--" + option + " is required");
        }
        return line.getOptionValue(option);
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be an integer, got '" + value + "'");
        }
    }

    private static Options options(String command) {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("images").hasArg().argName("URI")
                .desc("folder, glob or file of images (any Hadoop-readable URI)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName(command.equals("spark-audit") ? "FOLDER" : "URI")
                .desc(command.equals("spark-audit") ? "report folder (new); the Parquet rows go to FOLDER/" + EXPLANATIONS
                        : "Parquet output (new; written whole or not at all)").build());
        o.addOption(Option.builder().longOpt("masks").hasArg().argName("URI")
                .desc("region masks, one per image by file name (white = region): adds region_share").build());
        o.addOption(Option.builder().longOpt("config").hasArg().argName("NAME|FILE")
                .desc("audit configuration: methods, input shape, preprocessing, target, reference, thresholds "
                        + "(default: default)").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("FILE")
                .desc("DL4J zip or Keras .h5, read on the driver and broadcast").build());
        o.addOption(Option.builder().longOpt("input-shape").hasArg().argName("C,H,W").desc("the model's input").build());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("SPEC").desc("method (repeatable)").build());
        o.addOption(Option.builder().longOpt("batch").hasArg().argName("N").desc("images per pass (default 16)").build());
        o.addOption(Option.builder().longOpt("partitions").hasArg().argName("N")
                .desc("partitions of the image list (default: Spark's default parallelism)").build());
        o.addOption(Option.builder().longOpt("master").hasArg().argName("URL")
                .desc("Spark master when not run by spark-submit (default local[*])").build());
        if (command.equals("spark-explain")) {
            o.addOption(Option.builder().longOpt("maps").desc("write each map as a float array").build());
        } else {
            o.addOption(Option.builder().longOpt("warn-only").desc("report FAILs but exit 0").build());
            o.addOption(Option.builder().longOpt("explanations").hasArg().argName("URI")
                    .desc("where the Parquet rows go (new; default FOLDER/" + EXPLANATIONS + "; on a cluster a shared "
                            + "file system such as hdfs://)").build());
        }
        o.addOption(Option.builder().longOpt("help").desc("this list").build());
        return o;
    }
}
