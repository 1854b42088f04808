package org.dl4jsaliency.report;

import java.awt.image.BufferedImage;
import java.util.Map;

/** Digits, sign, point and exponent in a 3×5 pixel font drawn at twice its size, for colour-bar labels. */
final class PixelFont {
    private static final int SCALE = 2;
    /** Glyph height in pixels, as drawn. */
    static final int HEIGHT = 5 * SCALE;
    private static final int ADVANCE = 4 * SCALE;
    private static final Map<Character, String[]> GLYPHS = Map.ofEntries(
            Map.entry('0', new String[] {"###", "#.#", "#.#", "#.#", "###"}),
            Map.entry('1', new String[] {".#.", "##.", ".#.", ".#.", "###"}),
            Map.entry('2', new String[] {"###", "..#", "###", "#..", "###"}),
            Map.entry('3', new String[] {"###", "..#", "###", "..#", "###"}),
            Map.entry('4', new String[] {"#.#", "#.#", "###", "..#", "..#"}),
            Map.entry('5', new String[] {"###", "#..", "###", "..#", "###"}),
            Map.entry('6', new String[] {"###", "#..", "###", "#.#", "###"}),
            Map.entry('7', new String[] {"###", "..#", "..#", "..#", "..#"}),
            Map.entry('8', new String[] {"###", "#.#", "###", "#.#", "###"}),
            Map.entry('9', new String[] {"###", "#.#", "###", "..#", "###"}),
            Map.entry('.', new String[] {"...", "...", "...", "...", ".#."}),
            Map.entry('-', new String[] {"...", "...", "###", "...", "..."}),
            Map.entry('+', new String[] {"...", ".#.", "###", ".#.", "..."}),
            Map.entry('E', new String[] {"###", "#..", "###", "#..", "###"}));

    private PixelFont() {
    }

    /** The width in pixels of {@code characters} glyphs. */
    static int width(int characters) {
        return characters * ADVANCE;
    }

    /** Draws {@code text} in dark grey with its top-left corner at (x, y). */
    static void draw(BufferedImage img, String text, int x, int y) {
        for (int i = 0; i < text.length(); i++) {
            String[] glyph = GLYPHS.get(text.charAt(i));
            if (glyph == null) {
                throw new IllegalArgumentException("no glyph for '" + text.charAt(i) + "' in '" + text + "'");
            }
            for (int row = 0; row < 5; row++) {
                for (int col = 0; col < 3; col++) {
                    if (glyph[row].charAt(col) == '#') {
                        fill(img, x + i * ADVANCE + col * SCALE, y + row * SCALE);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage img, int x, int y) {
        for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
                if (x + dx < img.getWidth() && y + dy < img.getHeight()) {
                    img.setRGB(x + dx, y + dy, 0x24292f);
                }
            }
        }
    }
}
