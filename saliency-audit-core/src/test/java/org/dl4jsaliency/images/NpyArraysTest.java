package org.dl4jsaliency.images;

import org.dl4jsaliency.report.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .npy format written and read, checked byte by byte against the NumPy format specification. */
class NpyArraysTest {

    /** The header dictionary of a version 1.0 .npy file, and its values parsed as little-endian float32. */
    private record Parsed(String header, float[] values) {
    }

    private static Parsed parse(byte[] npy) {
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(npy, 8));
        ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8) & 0xffff;
        String header = new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1);
        b.position(10 + headerLength);
        float[] values = new float[b.remaining() / 4];
        assertEquals(0, b.remaining() % 4, "data is a whole number of float32 values");
        b.asFloatBuffer().get(values);
        return new Parsed(header, values);
    }

    @Test
    void writesFloat32WithTheShapeInTheHeader() {
        INDArray x = Nd4j.linspace(DataType.DOUBLE, -1.5, 0.25, 24).reshape(2, 3, 4);
        Parsed p = parse(NpyArrays.float32(x));
        assertTrue(p.header().contains("'descr': '<f4'"), p.header());
        assertTrue(p.header().contains("'fortran_order': False"), p.header());
        assertTrue(p.header().contains("'shape': (2, 3, 4)"), p.header());
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = (float) (-1.5 + 0.25 * i);
        }
        assertArrayEquals(expected, p.values());
    }

    @Test
    void writesViewsInTheirOwnCOrder() {
        INDArray x = Nd4j.arange(6).castTo(DataType.FLOAT).reshape(2, 3);
        Parsed p = parse(NpyArrays.float32(x.transpose()));
        assertTrue(p.header().contains("'shape': (3, 2)"), p.header());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, p.values());
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 5, 3);
        Path f = dir.resolve("x.npy");
        AtomicFiles.write(f, NpyArrays.float32(x));
        INDArray back = NpyArrays.read(f);
        assertEquals(DataType.FLOAT, back.dataType());
        assertEquals(x, back);
    }

    @Test
    void corruptOrTruncatedFilesNameTheFile(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "certainly not numpy data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyArrays.read(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()) && e.getMessage().contains("not a valid .npy"),
                e.getMessage());

        byte[] whole = NpyArrays.float32(Nd4j.ones(DataType.FLOAT, 2, 3));
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, Arrays.copyOf(whole, whole.length - 4));
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> NpyArrays.read(truncated));
        assertTrue(t.getMessage().contains(truncated.toString()) && t.getMessage().contains("needs 24 bytes of data, "
                + "the file has 20"), t.getMessage());
    }

    /** A version 1.0 .npy file with a hand-written header (padded to a multiple of 64 bytes) and raw little-endian data. */
    private static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int padded = (10 + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - 10 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
                .put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    @Test
    void integerAndBooleanArraysAreRejectedNamingTheirDtype(@TempDir Path dir) throws Exception {
        Path ints = Files.write(dir.resolve("ints.npy"), npy("<i8", "2,", new byte[16]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyArrays.read(ints));
        assertTrue(e.getMessage().contains("ints.npy") && e.getMessage().contains("dtype 'i8' is not floating point"),
                e.getMessage());
        Path bools = Files.write(dir.resolve("bools.npy"), npy("|b1", "3,", new byte[] {1, 0, 1}));
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> NpyArrays.read(bools));
        assertTrue(b.getMessage().contains("dtype 'b1' is not floating point"), b.getMessage());
        Path floats = Files.write(dir.resolve("floats.npy"), npy("<f4", "2,",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array()));
        assertArrayEquals(new double[] {1.5, -2}, NpyArrays.read(floats).toDoubleVector(), 0.0,
                "the hand-written header is valid");
    }
}
