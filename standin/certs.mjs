// A throwaway certificate authority and one server certificate for every Key Vault DNS suffix, Entra sign-in host and the proxied GitHub API host.
// Node can verify X.509 but not issue it, so node-forge signs; keys come from node:crypto.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export const VAULT_SUFFIXES = ['vault.azure.net', 'vault.usgovcloudapi.net', 'vault.azure.cn'];
/** Entra ID's sign-in hosts, one per cloud. */
export const LOGIN_HOSTNAMES = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'];
/** GitHub's API as a runner behind a proxy reaches it (a name that resolves nowhere: only the proxy knows it). */
export const GITHUB_API_HOSTNAME = 'api.github.invalid';
/** Azure Resource Manager, one per cloud. */
export const ARM_HOSTNAMES = ['management.azure.com', 'management.usgovcloudapi.net', 'management.chinacloudapi.cn'];
/** Azure Container Registry's DNS suffixes, one per cloud. */
export const ACR_SUFFIXES = ['azurecr.io', 'azurecr.us', 'azurecr.cn'];

function rsaKeyPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  return { key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem };
}

function baseCertificate(publicKey, commonName, days) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}

/** @returns {{ caPem: string, certPem: string, keyPem: string }} */
export function makeCertificates() {
  const ca = rsaKeyPair();
  const caCert = baseCertificate(ca.publicKey, 'keyvault-secrets-action test CA (throwaway)', 2);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.key, forge.md.sha256.create());

  const server = rsaKeyPair();
  const cert = baseCertificate(server.publicKey, `*.${VAULT_SUFFIXES[0]}`, 1);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...[...VAULT_SUFFIXES, ...ACR_SUFFIXES].map((s) => ({ type: 2, value: `*.${s}` })),
        ...[...LOGIN_HOSTNAMES, ...ARM_HOSTNAMES, GITHUB_API_HOSTNAME].map((h) => ({ type: 2, value: h })),
      ],
    },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: server.pem,
  };
}

/**
 * A Key Vault certificate's own secret, as the vault keeps it: the PFX (base64, no password) of a leaf issued by an
 * intermediate issued by a root, all throwaway, with the PEM Key Vault converts it to (outContentType): the private
 * key (PKCS#8), the leaf, then its issuers. `days`: the leaf's validity from now (negative: expired).
 * The secret's dates are the leaf's, as Key Vault sets them.
 * @param {{ days?: number }} [options]
 */
export function makeCertificateSecret({ days = 90 } = {}) {
  const root = rsaKeyPair();
  const rootCert = baseCertificate(root.publicKey, 'keyvault-secrets-action test root (throwaway)', 30);
  rootCert.setIssuer(rootCert.subject.attributes);
  rootCert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
  rootCert.sign(root.key, forge.md.sha256.create());

  const intermediate = rsaKeyPair();
  const intermediateCert = baseCertificate(intermediate.publicKey, 'keyvault-secrets-action test issuing CA', 30);
  intermediateCert.setIssuer(rootCert.subject.attributes);
  intermediateCert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
  intermediateCert.sign(root.key, forge.md.sha256.create());

  const leaf = rsaKeyPair();
  const leafCert = baseCertificate(leaf.publicKey, 'client.ml-prod.internal', days);
  if (days <= 0) leafCert.validity.notBefore = new Date(Date.now() + (days - 30) * 86_400_000);
  leafCert.setIssuer(intermediateCert.subject.attributes);
  leafCert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  leafCert.sign(intermediate.key, forge.md.sha256.create());

  const chain = [leafCert, intermediateCert, rootCert];
  const pfx = forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(leaf.key, chain, null, { algorithm: '3des' })).getBytes();
  const toPem = (c) => forge.pki.certificateToPem(c).replace(/\r\n/g, '\n');
  const leafPem = toPem(leafCert);
  const issuerPems = [intermediateCert, rootCert].map(toPem);
  return {
    value: Buffer.from(pfx, 'binary').toString('base64'),
    contentType: 'application/x-pkcs12',
    managed: true,
    /** What Key Vault answers when asked for PEM. */
    pem: leaf.pem + leafPem + issuerPems.join(''),
    keyPem: leaf.pem,
    leafPem,
    chainPem: issuerPems.join(''),
    nbf: leafCert.validity.notBefore,
    exp: leafCert.validity.notAfter,
  };
}

/**
 * A certificate authority of its own, apart from the stand-in's (which the action's process trusts through
 * NODE_EXTRA_CA_CERTS), and one server certificate it issued for `hostnames`: for a service the client must
 * trust through that CA alone (an AKS identity binding's token proxy).
 * @param {string} commonName the CA's name (distinct from every other CA's, so a wrong one is told apart)
 * @param {string[]} hostnames
 * @returns {{ caPem: string, certPem: string, keyPem: string }}
 */
export function makeAuthority(commonName, hostnames) {
  const ca = rsaKeyPair();
  const caCert = baseCertificate(ca.publicKey, commonName, 2);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.key, forge.md.sha256.create());
  const server = rsaKeyPair();
  const cert = baseCertificate(server.publicKey, hostnames[0] ?? 'localhost', 1);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hostnames.map((h) => ({ type: 2, value: h })) },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: server.pem,
  };
}
