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
