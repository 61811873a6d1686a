package io.vectorgrad.training.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffers wire format, as much as ONNX files need: varints, 32-bit fixed, length-delimited
 * fields (strings, bytes, nested messages, packed arrays) and skipping 64-bit fields. {@link Reader} bounds
 * every length by the bytes left in its message, so a forged length fails instead of allocating.
 */
final class Protobuf {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private Protobuf() {}

  /** Writes one message; nested messages are written to their own Writer and added with {@link #message}. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void tag(int field, int wireType) {
      rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    Writer varint(int field, long v) {
      tag(field, VARINT);
      rawVarint(v);
      return this;
    }

    Writer fixed32(int field, float v) {
      tag(field, FIXED32);
      int b = Float.floatToRawIntBits(v);
      for (int i = 0; i < 4; i++) {
        out.write(b >>> (8 * i));
      }
      return this;
    }

    Writer bytes(int field, byte[] b) {
      tag(field, LENGTH_DELIMITED);
      rawVarint(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    Writer string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Writer message(int field, Writer m) {
      return bytes(field, m.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** Reads the fields of one message in {@code [pos, end)} of a byte array. */
  static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;
    private final String source;
    int field;
    int wireType;

    Reader(byte[] b, int off, int end, String source) {
      this.b = b;
      this.pos = off;
      this.end = end;
      this.source = source;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() throws ModelFileException {
      if (pos >= end) {
        return false;
      }
      long key = varint();
      field = (int) (key >>> 3);
      wireType = (int) (key & 7);
      if (field < 1 || key >>> 3 > Integer.MAX_VALUE) {
        throw error("bad field number " + (key >>> 3) + " at byte " + pos);
      }
      return true;
    }

    long varint() throws ModelFileException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw error("truncated: a varint runs past the end of its message at byte " + pos);
        }
        int x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw error("malformed varint (more than 10 bytes) before byte " + pos);
    }

    float fixed32() throws ModelFileException {
      if (end - pos < 4) {
        throw error("truncated: a 32-bit field runs past the end of its message at byte " + pos);
      }
      int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
      pos += 4;
      return Float.intBitsToFloat(v);
    }

    /** The next length-delimited field as a sub-reader over its bytes (no copy). */
    Reader message() throws ModelFileException {
      int n = length();
      Reader r = new Reader(b, pos, pos + n, source);
      pos += n;
      return r;
    }

    /** A length checked against the bytes left in this message. */
    private int length() throws ModelFileException {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw error("truncated or forged length: a field claims " + Long.toUnsignedString(n) + " bytes, "
            + (end - pos) + " are left in its message (at byte " + pos + ")");
      }
      return (int) n;
    }

    String string() throws ModelFileException {
      int n = length();
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    /** Bytes left in this message (bounds any array its remaining fields can fill). */
    int remaining() {
      return end - pos;
    }

    int position() {
      return pos;
    }

    byte[] array() {
      return b;
    }

    void skip() throws ModelFileException {
      switch (wireType) {
        case VARINT: varint(); break;
        case FIXED64:
          if (end - pos < 8) {
            throw error("truncated: a 64-bit field runs past the end of its message at byte " + pos);
          }
          pos += 8;
          break;
        case LENGTH_DELIMITED: {
          int n = length(); // not 'pos += length()': that would add to the position before the length
          pos += n;
          break;
        }
        case FIXED32: fixed32(); break;
        default: throw error("unsupported wire type " + wireType + " (field " + field + ") at byte " + pos);
      }
    }

    ModelFileException error(String what) {
      return new ModelFileException(source + ": not a valid ONNX (protobuf) file: " + what);
    }
  }
}
