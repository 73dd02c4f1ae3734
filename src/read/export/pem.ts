// A certificate as PEM (one private key, its certificate, and the certificates that issued it) split into the three
// files a TLS client reads. The text comes from the vault, so it is hostile: it is capped, read one line at a time
// (no pattern spans lines, none can backtrack), each block is checked by Node's own X.509 and key parsers, and a
// refusal says what is wrong without quoting any of it.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { PemPart } from '../../inputs/references.js';

/** The names of a pem: reference's files in the step's directory, after its base (the secret's name). */
export const PEM_FILES: Record<PemPart, string> = { cert: '.cert.pem', key: '.key.pem', chain: '.chain.pem' };

/** Key Vault keeps at most 25 KB a secret; a PEM bigger than this did not come from a vault. */
export const MAX_PEM_CHARS = 64 * 1024;
/** A chain longer than this is no TLS client's: the leaf, its intermediates and a root are a handful. */
export const MAX_CERTIFICATES = 16;

/** The private keys a TLS client reads, by PEM label, and the DER each holds. */
const KEY_TYPES = { 'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1', 'EC PRIVATE KEY': 'sec1' } as const;
type KeyLabel = keyof typeof KEY_TYPES;
const CERTIFICATE = 'CERTIFICATE';

// RFC 7468's boundaries, read from a trimmed line: anchored, and a label of a bounded length.
const BEGIN = /^-----BEGIN ([A-Z0-9 ]{1,40})-----$/;
const END = /^-----END ([A-Z0-9 ]{1,40})-----$/;
const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface CertificateDates {
  notBefore: Date;
  notAfter: Date;
}

/** The three files' text, and what the summary says about the certificate. */
export interface PemFiles {
  /** The private key, as its block was (PKCS#8, PKCS#1 or SEC 1). */
  key: string;
  /** The certificate whose public key is the private key's. */
  cert: string;
  /** The other certificates, in the order the secret holds them (Key Vault's: the issuer first); empty when none. */
  chain: string;
  leaf: CertificateDates;
  chainLength: number;
}

export type PemSplit = { ok: true; files: PemFiles } | { ok: false; reason: string };

const refuse = (reason: string): PemSplit => ({ ok: false, reason });

interface Block {
  label: string;
  der: Buffer;
}

/** The PEM blocks in `text`, in order; text between blocks is skipped (RFC 7468), as OpenSSL does. */
function readBlocks(text: string): Block[] | string {
  const blocks: Block[] = [];
  let open: { label: string; body: string[] } | undefined;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (open === undefined) {
      const begin = BEGIN.exec(line);
      if (begin) open = { label: begin[1]!, body: [] };
      else if (line.startsWith('-----')) return 'has a line shaped like a PEM boundary that opens no block';
      continue;
    }
    const end = END.exec(line);
    if (end) {
      if (end[1] !== open.label) return 'has a PEM block that ends under another label';
      const body = open.body.join('');
      if (!BASE64.test(body)) return 'has a PEM block whose body is not base64';
      blocks.push({ label: open.label, der: Buffer.from(body, 'base64') });
      open = undefined;
      continue;
    }
    if (BEGIN.test(line)) return 'has a PEM block that opens inside another';
    // Headers (Proc-Type, DEK-Info) mark OpenSSL's old encrypted keys: nothing this action can read.
    if (line.includes(':')) return 'has a PEM block with headers (an encrypted private key?)';
    if (!BASE64_LINE.test(line)) return 'has a PEM block whose body is not base64';
    open.body.push(line);
  }
  if (open !== undefined) return 'has a PEM block that is never closed';
  return blocks;
}

const wrap = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

/**
 * The key, certificate and chain in a certificate's PEM, or why it is not one. Exactly one private key (PKCS#8,
 * PKCS#1 or SEC 1, not encrypted) and 1 to MAX_CERTIFICATES certificates, nothing else; the certificate is the one
 * the key belongs to. Each file is written again from its block's bytes, in 64-character lines.
 */
export function splitPem(text: string): PemSplit {
  if (text.length > MAX_PEM_CHARS) return refuse(`is larger than ${MAX_PEM_CHARS / 1024} KiB`);
  const blocks = readBlocks(text);
  if (typeof blocks === 'string') return refuse(blocks);
  if (blocks.length === 0) return refuse('holds no PEM block');
  const keys = blocks.filter((b) => b.label in KEY_TYPES);
  const certs = blocks.filter((b) => b.label === CERTIFICATE);
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY'))
    return refuse('holds an encrypted private key, and the action has no passphrase for it');
  if (keys.length + certs.length < blocks.length)
    return refuse('holds a PEM block other than a private key or a certificate');
  if (keys.length === 0)
    return refuse(
      'holds no private key (a certificate whose key is not exportable, key_props.exportable: false in its policy, has none to give)',
    );
  if (keys.length > 1) return refuse('holds more than one private key');
  if (certs.length === 0) return refuse('holds no certificate');
  if (certs.length > MAX_CERTIFICATES) return refuse(`holds more than ${MAX_CERTIFICATES} certificates`);

  const keyBlock = keys[0]!;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyBlock.der, format: 'der', type: KEY_TYPES[keyBlock.label as KeyLabel] });
  } catch {
    return refuse('holds a private key Node cannot read');
  }
  const parsed: X509Certificate[] = [];
  for (const [i, block] of certs.entries()) {
    try {
      parsed.push(new X509Certificate(block.der));
    } catch {
      return refuse(`holds a certificate (number ${i + 1}) that is not valid X.509`);
    }
  }
  const leafIndex = parsed.findIndex((cert) => {
    try {
      return cert.checkPrivateKey(key);
    } catch {
      return false; // a key of another type
    }
  });
  if (leafIndex < 0) return refuse('holds a private key that belongs to none of its certificates');
  const leaf = parsed[leafIndex]!;
  const chain = certs.filter((_, i) => i !== leafIndex && parsed[i]!.fingerprint256 !== leaf.fingerprint256);
  return {
    ok: true,
    files: {
      key: wrap(keyBlock.label, keyBlock.der),
      cert: wrap(CERTIFICATE, certs[leafIndex]!.der),
      chain: chain.map((b) => wrap(CERTIFICATE, b.der)).join(''),
      leaf: { notBefore: leaf.validFromDate, notAfter: leaf.validToDate },
      chainLength: chain.length,
    },
  };
}
