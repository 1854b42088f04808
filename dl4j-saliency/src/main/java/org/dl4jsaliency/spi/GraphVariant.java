package org.dl4jsaliency.spi;

/**
 * What kind of analysis copy a set of rules needs. Rules that evaluate a layer with modified
 * weights (LRP-γ, αβ, zB, w², Flat) need parameters of their own; LRP also wants BatchNorm folded
 * into the preceding linear layer (canonisation).
 */
public enum GraphVariant {
    /** A cloned configuration over the engine's copy of the parameters, shared and read-only. The default. */
    SHARED_PARAMETERS,
    /** A copy with its own parameters, which rules may temporarily replace. */
    PRIVATE_PARAMETERS,
    /** Private parameters, with each BatchNorm that directly follows a Dense/Conv layer folded into it. */
    BATCH_NORM_FOLDED
}
