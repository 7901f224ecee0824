import { createSign, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';

/**
 * A self-signed X.509 certificate around a fresh RSA key, built with node:crypto and a few lines of DER (Node has
 * no certificate builder, and production images need not ship the openssl binary). SAML uses certificates only as
 * carriers of a public key in metadata, so a minimal v1 certificate (CN, validity, key, SHA-256 signature) is enough.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const nul = () => Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const part of rest) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      v >>>= 7;
    } while (v > 0);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function positiveInteger(bytes: Buffer): Buffer {
  const value = Buffer.from(bytes);
  value[0] &= 0x7f;
  if (value[0] === 0) value[0] = 1;
  return tlv(0x02, value);
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

function pem(label: string, der: Buffer): string {
  const body = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export interface SelfSignedCredential {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/** A new RSA key pair and a self-signed certificate for `commonName`, valid from one hour ago for `days`. */
export function createSelfSignedCredential(commonName: string, days: number, options: { modulusLength?: number } = {}): SelfSignedCredential {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: options.modulusLength ?? 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificatePem: certificateFor(privateKey, publicKey, commonName, days) };
}

function certificateFor(privateKey: KeyObject, publicKey: KeyObject, commonName: string, days: number): string {
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), nul());
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));
  const now = Date.now();
  const tbs = sequence(
    positiveInteger(randomBytes(16)),
    sha256WithRsa,
    name,
    sequence(time(new Date(now - 3_600_000)), time(new Date(now + days * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = createSign('sha256').update(tbs).sign(privateKey);
  const certificate = sequence(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return pem('CERTIFICATE', certificate);
}
