package io.zoopipe.rpc;

import java.io.ByteArrayOutputStream;

/**
 * Turns a PKCS#1 RSA private key (RFC 8017 {@code RSAPrivateKey}, PEM {@code -----BEGIN RSA PRIVATE
 * KEY-----}: what cert-manager writes for RSA by default, and {@code openssl genrsa -traditional})
 * into the PKCS#8 {@code PrivateKeyInfo} (RFC 5208) that the JDK and Netty read, by wrapping it in
 * DER: {@code SEQUENCE { INTEGER 0, SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL },
 * OCTET STRING <the PKCS#1 key> }}. The key itself is not parsed here: the JDK's {@code KeyFactory}
 * checks the result. Stateless.
 */
final class Pkcs1Keys {
  /** {@code INTEGER 0} (the version), then the algorithm identifier of rsaEncryption. */
  private static final byte[] VERSION_AND_ALGORITHM = {
    0x02,
    0x01,
    0x00, // INTEGER 0
    0x30,
    0x0d, // SEQUENCE, 13 bytes
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01, // OID
    0x05,
    0x00 // NULL parameters
  };

  private static final int SEQUENCE = 0x30;
  private static final int OCTET_STRING = 0x04;

  private Pkcs1Keys() {}

  /** The PKCS#8 DER encoding of the PKCS#1 DER key {@code pkcs1}. */
  static byte[] toPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(pkcs1.length + 32);
    body.writeBytes(VERSION_AND_ALGORITHM);
    body.writeBytes(element(OCTET_STRING, pkcs1));
    return element(SEQUENCE, body.toByteArray());
  }

  /** A DER element: its tag, its length (short or long definite form), its content. */
  private static byte[] element(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int lengthBytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | lengthBytes);
      for (int i = lengthBytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
