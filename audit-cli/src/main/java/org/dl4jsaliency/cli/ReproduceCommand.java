package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.dl4jsaliency.reproduction.FashionMnist;
import org.dl4jsaliency.reproduction.Reproduction;
import org.dl4jsaliency.reproduction.ReproductionReport;
import org.dl4jsaliency.reproduction.ReproductionResult;
import org.dl4jsaliency.report.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code reproduce}: regenerates the seed paper's experiments on Fashion-MNIST ({@link Reproduction})
 * into one folder: index.html, summary.md, results.json, the trained models and the training
 * listener's JSON-lines records, all written together at the end (nothing half-written on failure).
 */
final class ReproduceCommand implements Command {
    static final String DEFAULT_OUT = "reports/reproduction";

    @Override
    public String name() {
        return "reproduce";
    }

    @Override
    public String summary() {
        return "train the Fashion-MNIST dark-evidence models and regenerate the paper's experiments";
    }

    @Override
    public Options options() {
        Reproduction.Settings d = Reproduction.Settings.defaults(FashionMnist.DEBIAN_DIR);
        Options o = new Options();
        o.addOption(Option.builder().longOpt("data").hasArg().argName("folder")
                .desc("Fashion-MNIST IDX files (default " + FashionMnist.DEBIAN_DIR + ", Debian's dataset-fashion-mnist)")
                .build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("folder")
                .desc("output folder (default " + DEFAULT_OUT + ")").build());
        o.addOption(number("examples", "training examples per model", d.trainExamples()));
        o.addOption(number("epochs", "training epochs per model", d.epochs()));
        o.addOption(number("images", "test images per experiment", d.images()));
        o.addOption(number("monitor-every", "training listener interval in iterations", d.monitorEvery()));
        o.addOption(number("monitor-probes", "images the training listener explains", d.monitorProbes()));
        o.addOption(number("figure-images", "example rows per experiment in the figures", d.figureImages()));
        o.addOption(number("train-seed", "seed for training and mark positions", (int) d.seed()));
        return o;
    }

    private static Option number(String name, String what, int def) {
        return Option.builder().longOpt(name).hasArg().argName("n").desc(what + " (default " + def + ")").build();
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        Reproduction.Settings d = Reproduction.Settings.defaults(FashionMnist.DEBIAN_DIR);
        Reproduction.Settings settings = new Reproduction.Settings(
                Path.of(line.getOptionValue("data", FashionMnist.DEBIAN_DIR.toString())),
                intOption(line, "examples", d.trainExamples()), intOption(line, "epochs", d.epochs()),
                intOption(line, "images", d.images()), intOption(line, "monitor-every", d.monitorEvery()),
                intOption(line, "monitor-probes", d.monitorProbes()),
                Args.nonNegativeInt("figure-images", line.getOptionValue("figure-images",
                        Integer.toString(d.figureImages()))),
                intOption(line, "train-seed", (int) d.seed()));
        FashionMnist.requirePresent(settings.data());
        Path outDir = (line.hasOption("out") ? Path.of(line.getOptionValue("out"))
                : Home.path().resolve(DEFAULT_OUT)).toAbsolutePath();
        Files.createDirectories(outDir);
        Path monitorDir = Files.createTempDirectory(outDir, ".monitor");
        try {
            List<Reproduction.Trained> trained = new ArrayList<>();
            ReproductionResult result = new Reproduction(settings, out::println).run(monitorDir, trained);
            Map<Path, byte[]> files = new LinkedHashMap<>();
            files.put(outDir.resolve("index.html"), ReproductionReport.html(result));
            files.put(outDir.resolve("summary.md"), ReproductionReport.markdown(result));
            files.put(outDir.resolve("results.json"), ReproductionReport.json(result));
            Files.createDirectories(outDir.resolve("models"));
            for (Reproduction.Trained t : trained) {
                files.put(outDir.resolve(t.summary().file()), ModelFiles.bytes(t.network()));
            }
            try (Stream<Path> jsonl = Files.list(monitorDir)) {
                for (Path p : jsonl.sorted().toList()) {
                    files.put(outDir.resolve(p.getFileName()), Files.readAllBytes(p));
                }
            }
            AtomicFiles.writeAll(files);
            for (String f : ReproductionReport.findings(result)) {
                out.println("- " + f);
            }
            out.printf("reproduction written to %s (index.html, summary.md, results.json, models/, training-*.jsonl)"
                    + " in %.0f s%n", outDir, result.seconds());
            return 0;
        } finally {
            deleteTree(monitorDir);
        }
    }

    private static int intOption(CommandLine line, String name, int def) {
        return Args.positiveInt(name, line.getOptionValue(name, Integer.toString(def)));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
