package org.dl4jsaliency.cli;

import org.apache.commons.cli.Options;

import java.io.PrintStream;

/** A subcommand of {@code saliency-audit}. */
interface Command {
    String name();

    String summary();

    Options options();

    /** Runs the command; returns the exit code (0 pass, 1 a check failed). */
    int run(org.apache.commons.cli.CommandLine line, PrintStream out) throws Exception;
}
