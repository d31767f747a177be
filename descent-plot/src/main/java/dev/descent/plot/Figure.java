package dev.descent.plot;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import dev.descent.io.AtomicFile;
import javax.imageio.ImageIO;
import org.apache.batik.dom.GenericDOMImplementation;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;

/**
 * Renders one Java2D painting to a file: PNG through {@link ImageIO}, SVG through Apache Batik's
 * {@link SVGGraphics2D}, chosen by the file's extension. Files are written to a temporary file and
 * renamed into place. Works headless.
 */
public final class Figure {

    /** Draws a whole figure of the given size. */
    @FunctionalInterface
    public interface Painter {
        /** Paints the figure onto {@code graphics}, whose drawing area is {@code width x height} pixels. */
        void paint(Graphics2D graphics, int width, int height);
    }

    private Figure() {}

    /** The formats by extension. */
    public enum Format {
        /** A raster image (Portable Network Graphics). */
        PNG,
        /** A vector image (Scalable Vector Graphics), drawn by Apache Batik. */
        SVG;

        /** The format named by the file's extension. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".svg")) {
                return SVG;
            }
            throw new IllegalArgumentException("the output must end in .png or .svg: " + file);
        }
    }

    /**
     * Paints and writes the figure.
     *
     * @param width in pixels, 64 to 10000
     * @param height in pixels, 64 to 10000
     */
    public static void write(Path file, int width, int height, Painter painter) throws IOException {
        if (width < 64 || width > 10_000 || height < 64 || height > 10_000) {
            throw new IllegalArgumentException("width and height must be in [64, 10000]: " + width + "x" + height);
        }
        System.setProperty("java.awt.headless", "true");
        Format format = Format.of(file);
        try (AtomicFile out = AtomicFile.create(file)) {
            if (format == Format.PNG) {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D graphics = image.createGraphics();
                prepare(graphics);
                painter.paint(graphics, width, height);
                graphics.dispose();
                if (!ImageIO.write(image, "png", out.stream())) {
                    throw new IOException("no PNG writer available");
                }
            } else {
                DOMImplementation dom = GenericDOMImplementation.getDOMImplementation();
                Document document = dom.createDocument("http://www.w3.org/2000/svg", "svg", null);
                SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
                context.setImageHandler(new PngImageHandler());
                context.setComment("descent");
                SVGGraphics2D graphics = new SVGGraphics2D(context, false);
                graphics.setSVGCanvasSize(new java.awt.Dimension(width, height));
                prepare(graphics);
                painter.paint(graphics, width, height);
                Writer writer = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
                graphics.stream(writer, true);
                writer.flush();
                graphics.dispose();
            }
            out.commit();
        }
    }

    private static void prepare(Graphics2D graphics) {
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

}
