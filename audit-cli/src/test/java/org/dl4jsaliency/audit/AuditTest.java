package org.dl4jsaliency.audit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsaliency.probes.DarkSquareTask;
import org.dl4jsaliency.report.AuditReport;
import org.dl4jsaliency.report.CheckResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;

class AuditTest {
    @Test
    void explore() {
        DarkSquareTask task = new DarkSquareTask(16, 4);
        long t0 = System.nanoTime();
        MultiLayerNetwork net = task.train(3000, 3, 7);
        System.out.println("train s " + (System.nanoTime() - t0) / 1e9 + " acc " + task.accuracy(net, 600, 99));
        AuditConfig c = new AuditConfig();
        c.name = "t";
        c.model = new AuditConfig.ModelSpec();
        c.model.file = "x";
        c.model.inputShape = List.of(1, 16, 16);
        c.methods = List.of("gradient", "gradient-x-input", "rectgrad:q=50", "nobias-rectgrad:q=50", "guided-backprop",
                "lrp-epsilon", "lrp-epsilon-plus-flat", "integrated-gradients:steps=16", "smoothgrad:samples=8");
        c.checks = new LinkedHashMap<>();
        for (String n : Checks.NAMES) {
            AuditConfig.Thresholds t = new AuditConfig.Thresholds();
            boolean hib = Checks.create(n).higherIsBetter();
            t.warn = hib ? 0.3 : 0.3;
            t.fail = hib ? 0.1 : 0.6;
            c.checks.put(n, t);
        }
        AuditReport r = new Audit(c, net, "test", null).run(System.out, false);
        for (CheckResult x : r.results()) {
            System.out.println(x.check() + " " + x.method() + " " + x.value() + " " + x.verdict() + " " + x.detail());
        }
    }
}
