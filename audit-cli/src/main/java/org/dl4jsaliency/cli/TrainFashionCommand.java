package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.dl4jsaliency.reproduction.FashionMnist;
import org.dl4jsaliency.reproduction.MarkedItemsTask;
import org.dl4jsaliency.reproduction.Reproduction;
import org.dl4jsaliency.report.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train-fashion}: trains the reproduction's Fashion-MNIST models ({@link MarkedItemsTask}) with
 * the same seeds as {@code reproduce} and writes them as ModelSerializer zips, by default into
 * zoo-configs/models where the committed copies and their audit configurations live.
 */
final class TrainFashionCommand implements Command {
    @Override
    public String name() {
        return "train-fashion";
    }

    @Override
    public String summary() {
        return "train the Fashion-MNIST dark-evidence models ([0,1] and [-1,1] inputs, dense head) and save them";
    }

    @Override
    public Options options() {
        Reproduction.Settings d = Reproduction.Settings.defaults(FashionMnist.DEBIAN_DIR);
        Options o = new Options();
        o.addOption(Option.builder().longOpt("variant").hasArg().argName("name")
                .desc("dark-bright ([0,1] inputs), midgray ([-1,1] inputs), dense-head ([0,1] inputs, dense layer "
                        + "instead of global pooling) or all (default)").build());
        o.addOption(Option.builder().longOpt("data").hasArg().argName("folder")
                .desc("Fashion-MNIST IDX files (default " + FashionMnist.DEBIAN_DIR + ")").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("folder")
                .desc("where to write fashion-<variant>.zip (default zoo-configs/models)").build());
        o.addOption(Option.builder().longOpt("examples").hasArg().argName("n")
                .desc("training examples (default " + d.trainExamples() + ")").build());
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("n")
                .desc("epochs (default " + d.epochs() + ")").build());
        o.addOption(Option.builder().longOpt("train-seed").hasArg().argName("n")
                .desc("seed (default " + d.seed() + ")").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) throws IOException {
        Reproduction.Settings d = Reproduction.Settings.defaults(FashionMnist.DEBIAN_DIR);
        Path data = Path.of(line.getOptionValue("data", FashionMnist.DEBIAN_DIR.toString()));
        FashionMnist.requirePresent(data);
        Reproduction.Settings settings = new Reproduction.Settings(data,
                Args.positiveInt("examples", line.getOptionValue("examples", Integer.toString(d.trainExamples()))),
                Args.positiveInt("epochs", line.getOptionValue("epochs", Integer.toString(d.epochs()))),
                d.images(), d.monitorEvery(), d.monitorProbes(), d.figureImages(),
                Args.positiveInt("train-seed", line.getOptionValue("train-seed", Long.toString(d.seed()))));
        String which = line.getOptionValue("variant", "all");
        List<MarkedItemsTask.Variant> variants = which.equals("all") ? List.of(MarkedItemsTask.Variant.values())
                : List.of(MarkedItemsTask.Variant.of(which));
        Path outDir = (line.hasOption("out") ? Path.of(line.getOptionValue("out"))
                : Home.path().resolve("zoo-configs").resolve("models")).toAbsolutePath();
        Reproduction reproduction = new Reproduction(settings, out::println);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (MarkedItemsTask.Variant v : variants) {
            files.put(outDir.resolve(Reproduction.modelFile(v)), ModelFiles.bytes(reproduction.train(v, null).network()));
        }
        Files.createDirectories(outDir);
        AtomicFiles.writeAll(files);
        files.keySet().forEach(p -> out.println("wrote " + p));
        return 0;
    }
}
