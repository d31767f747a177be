package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The layout every format is written in, byte for byte, and the refusals of the readers. */
class BinaryFormatTest {

    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Writing writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writing.to(out);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    void writesBigEndianIntsAndRawBits() throws IOException {
        double payloadNaN = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
        byte[] written = bytes(out -> {
            BinaryFormat.writeHeader(out, 0x44534E54, 3);
            BinaryFormat.writeArray(out, new double[] {-0.0, payloadNaN});
            BinaryFormat.writeArray(out, new float[] {0.1f});
            BinaryFormat.writeBytes(out, new byte[] {7});
        });
        ByteBuffer expected = ByteBuffer.allocate(4 + 4 + 4 + 16 + 4 + 8 + 4 + 1)
                .putInt(0x44534E54).putInt(3)
                .putInt(2).putLong(0x8000_0000_0000_0000L).putLong(0x7ff8_0000_0000_0001L)
                .putInt(1).putLong(Double.doubleToRawLongBits(0.1f))
                .putInt(1).put((byte) 7);
        assertThat(written).isEqualTo(expected.array());

        DataInputStream in = in(written);
        assertThat(BinaryFormat.readHeader(in, 0x44534E54, 1, 3, "test format")).isEqualTo(3);
        double[] values = BinaryFormat.readArray(in, 1, 2, "test format");
        assertThat(Double.doubleToRawLongBits(values[0])).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(Double.doubleToRawLongBits(values[1])).isEqualTo(0x7ff8_0000_0000_0001L);
        assertThat(BinaryFormat.readArray(in, 1, 1, "test format")).containsExactly((double) 0.1f);
        assertThat(BinaryFormat.readBytes(in, 1, "test format")).containsExactly(7);
    }

    @Test
    void refusesOtherFormatsVersionsAndLengths() throws IOException {
        byte[] header = bytes(out -> BinaryFormat.writeHeader(out, 0x44534E54, 4));
        assertThatThrownBy(() -> BinaryFormat.readHeader(in(header), 0x4453524E, 1, 4, "run snapshot"))
                .isInstanceOf(IOException.class).hasMessage("not a descent run snapshot (bad magic number 0x44534e54)");
        assertThatThrownBy(() -> BinaryFormat.readHeader(in(header), 0x44534E54, 1, 3, "run snapshot"))
                .hasMessage("run snapshot format version 4, this build reads versions 1 to 3");
        assertThatThrownBy(() -> BinaryFormat.readHeader(in(header), 0x44534E54, 1, 1, "weight average"))
                .hasMessage("weight average format version 4, this build reads version 1");
        byte[] array = bytes(out -> BinaryFormat.writeArray(out, new double[3]));
        assertThatThrownBy(() -> BinaryFormat.readArray(in(array), 1, 2, "run snapshot"))
                .hasMessage("corrupt run snapshot: array length 3");
        byte[] block = bytes(out -> BinaryFormat.writeBytes(out, new byte[3]));
        assertThatThrownBy(() -> BinaryFormat.readBytes(in(block), 2, "run snapshot"))
                .hasMessage("corrupt run snapshot: byte count 3");
    }
}
