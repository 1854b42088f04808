package org.dl4jsaliency.spi;

/** What a node of the engine's analysis graph computes, as far as backward rules need to know. */
public enum NodeKind {
    /** The network input. */
    INPUT,
    /** An {@code InputPreProcessor} (reshapes between CNN and dense layouts). */
    PREPROCESSOR,
    /** The linear part of a Dense, OutputLayer or convolution layer (activation split off). */
    LINEAR,
    /** Pooling layers: Subsampling (max/avg/pnorm) and GlobalPooling. */
    POOLING,
    /** BatchNormalization in its inference form (a per-channel affine map). */
    BATCH_NORM,
    /** An element-wise activation function, fused into a layer or from an ActivationLayer. */
    ACTIVATION,
    /** Layers that are the identity at inference: Dropout, LossLayer. */
    IDENTITY,
    /** Other layers handled by DL4J's own backward: LRN, ZeroPadding, Cropping, Upsampling. */
    OTHER_LAYER,
    /** ComputationGraph vertices: ElementWise, Merge, Subset, Scale, L2Normalize, Preprocessor. */
    VERTEX
}
