package org.dl4jsaliency.rules;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one term of an {@link LrpRule} feeds the layer in place of its input a: a itself, its positive
 * or negative part, ones (w², Flat) or a constant bound (zB). Zennit calls these input modifiers.
 */
public interface InputPart {
    /** a, unchanged. */
    InputPart INPUT = new Named("a", a -> a, a -> false);
    /** a⁺ = max(a, 0). */
    InputPart POSITIVE = new Named("a+", Relevance::positive, a -> a.maxNumber().doubleValue() <= 0);
    /** a⁻ = min(a, 0); vanishes after a ReLU, where the terms that use it are skipped. */
    InputPart NEGATIVE = new Named("a-", Relevance::negative, a -> a.minNumber().doubleValue() >= 0);
    /** Ones shaped like a: the rule ignores the input's values. */
    InputPart ONES = constant(1);

    /** The array this part feeds the layer; {@code a} itself or a new array. Must not modify {@code a}. */
    INDArray of(INDArray a);

    /** True if {@link #of} is zero everywhere for this {@code a}, so that a bias-free term adds nothing. */
    boolean vanishes(INDArray a);

    /** A constant shaped like a (the pixel bounds of zB). */
    static InputPart constant(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("an input constant must be finite, got " + value);
        }
        return new Named(Double.toString(value), a -> a.ulike().assign(value), a -> value == 0);
    }

    /** An {@link InputPart} from its two functions, with a name for messages. */
    record Named(String name, java.util.function.UnaryOperator<INDArray> part,
                 java.util.function.Predicate<INDArray> zero) implements InputPart {
        @Override
        public INDArray of(INDArray a) {
            return part.apply(a);
        }

        @Override
        public boolean vanishes(INDArray a) {
            return zero.test(a);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
