package org.dl4jsaliency.images;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy {@code .npy} arrays: read C-ordered little-endian floating-point arrays, write float32 or float64. */
public final class NpyArrays {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])?([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyArrays() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws IllegalArgumentException naming the file when it is not a complete C-ordered little-endian array
     */
    public static INDArray read(Path file) {
        checkHeader(file);
        try {
            return Nd4j.createFromNpyFile(file.toFile());
        } catch (RuntimeException e) {
            throw corrupt(file, e.getMessage());
        }
    }

    /** The bytes of a {@code .npy} file holding {@code array} as C-ordered float32 ({@code '<f4'}). */
    public static byte[] float32(INDArray array) {
        return of(array, DataType.FLOAT);
    }

    /** The bytes of a {@code .npy} file holding {@code array} as C-ordered float64 ({@code '<f8'}). */
    public static byte[] float64(INDArray array) {
        return of(array, DataType.DOUBLE);
    }

    private static byte[] of(INDArray array, DataType type) {
        // ND4J writes an array's buffer as it lies, so views (permuted, sliced) must be made contiguous first.
        return Nd4j.toNpyByteArray(array.castTo(type).dup('c'));
    }

    /**
     * Checks what ND4J's reader does not: it reads a truncated file's missing values as whatever
     * follows in memory, and it ignores the byte order and Fortran order.
     */
    private static void checkHeader(Path file) {
        long size;
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(12);
            if (head.length < 12 || !Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC)) {
                throw corrupt(file, "no NumPy header");
            }
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4.
            boolean v1 = head[6] == 1;
            long headerLength = v1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
            long dataStart = (v1 ? 10 : 12) + headerLength;
            if (headerLength > size) {
                throw corrupt(file, "header longer than the file");
            }
            byte[] rest = in.readNBytes((int) (dataStart - head.length));
            String header = new String(head, v1 ? 10 : 12, head.length - (v1 ? 10 : 12), StandardCharsets.ISO_8859_1)
                    + new String(rest, StandardCharsets.ISO_8859_1);
            checkDict(file, header, size - dataStart);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkDict(Path file, String header, long dataBytes) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw corrupt(file, "header without descr, fortran_order and shape: " + header.strip());
        }
        if (">".equals(descr.group(1))) {
            throw corrupt(file, "big-endian data is not supported");
        }
        if (fortran.group(1).equals("True")) {
            throw corrupt(file, "Fortran-ordered data is not supported (save it with numpy.ascontiguousarray)");
        }
        if (!descr.group(2).equals("f")) {
            // ND4J would read integers and booleans as they are, and the engine would then refuse or round them.
            throw new IllegalArgumentException("cannot read array " + file + ": its dtype '" + descr.group(2) + descr.group(3)
                    + "' is not floating point; save it as float32 (array.astype(numpy.float32))");
        }
        long expected = Long.parseLong(descr.group(3));
        for (String dim : shape.group(1).split(",")) {
            if (!dim.isBlank()) {
                try {
                    expected *= Long.parseLong(dim.strip());
                } catch (NumberFormatException e) {
                    throw corrupt(file, "shape (" + shape.group(1) + ") is not a list of sizes");
                }
            }
        }
        if (dataBytes != expected) {
            throw corrupt(file, "shape (" + shape.group(1) + ") needs " + expected + " bytes of data, the file has "
                    + dataBytes);
        }
    }

    private static IllegalArgumentException corrupt(Path file, String why) {
        return new IllegalArgumentException("cannot read array " + file + ": not a valid .npy file (" + why + ")");
    }
}
