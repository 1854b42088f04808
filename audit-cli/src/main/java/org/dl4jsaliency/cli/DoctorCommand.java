package org.dl4jsaliency.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsaliency.engine.ModelDoctor;
import org.dl4jsaliency.methods.AttributionMethod;
import org.dl4jsaliency.methods.MethodRegistry;

import java.io.PrintStream;

/** {@code doctor}: the engine's pre-flight check of a model, layer by layer. */
final class DoctorCommand implements Command {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check, layer by layer, how a model is handled and which rule a method applies";
    }

    @Override
    public Options options() {
        Options o = ModelOptions.add(new Options());
        o.addOption(Option.builder().longOpt("method").hasArg().argName("name")
                .desc("show this method's backward rule per node (default gradient)").build());
        return o;
    }

    @Override
    public int run(CommandLine line, PrintStream out) {
        Model model = ModelOptions.load(line);
        String methodName = line.getOptionValue("method", MethodRegistry.GRADIENT);
        AttributionMethod method = Args.method(methodName);
        ModelDoctor.Diagnosis d = ModelDoctor.examine(model, method.rules());
        out.print(d.format());
        if (!d.ok()) {
            throw new UsageException("model has unsupported layers (marked FAIL above)");
        }
        out.println("all layers supported");
        return 0;
    }
}
