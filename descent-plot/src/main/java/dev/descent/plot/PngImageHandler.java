package dev.descent.plot;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.awt.image.renderable.RenderableImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.apache.batik.svggen.ImageHandler;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.w3c.dom.Element;

/**
 * Embeds raster images in SVG as base64 PNG encoded by {@link ImageIO}, so Batik's SVG generator
 * needs neither its codec module nor its scripting bridge.
 */
final class PngImageHandler implements ImageHandler {

    private static final String XLINK = "http://www.w3.org/1999/xlink";

    @Override
    public void handleImage(Image image, Element imageElement, SVGGeneratorContext context) {
        BufferedImage buffered = new BufferedImage(image.getWidth(null), image.getHeight(null), BufferedImage.TYPE_INT_ARGB);
        buffered.createGraphics().drawImage(image, 0, 0, null);
        handleImage((RenderedImage) buffered, imageElement, context);
    }

    @Override
    public void handleImage(RenderedImage image, Element imageElement, SVGGeneratorContext context) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding an embedded PNG", e);
        }
        imageElement.setAttributeNS(XLINK, "xlink:href",
                "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    @Override
    public void handleImage(RenderableImage image, Element imageElement, SVGGeneratorContext context) {
        handleImage(image.createDefaultRendering(), imageElement, context);
    }
}
