// What users read when an AKS identity binding's token proxy (identity/tokenProxy.ts) fails: the proxy's, its
// CA's and its identity binding's failures, not Entra ID's.
import { untrusted } from '../policy/untrusted.js';
import { commandWord } from '../util/shell.js';
import { entry } from './entry.js';

/** What a token-proxy message needs to know of the proxy, as text (identity/tokenProxy.ts tokenProxyText). */
export interface ProxyFacts {
  /** "the AKS identity binding token proxy https://… (SNI name …)". */
  where: string;
  /** AZURE_KUBERNETES_CA_FILE, when the CA comes from a file (else AZURE_KUBERNETES_CA_DATA). */
  caFile?: string | undefined;
  sniName?: string | undefined;
  /** The proxy URL's host. */
  host: string;
  clientId: string;
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

const bindingCheck = (clientId: string) =>
  `check that an identity binding maps this identity to this cluster (az aks identity-binding list -g <resource-group> --cluster-name <cluster>), ` +
  `and that a ClusterRole bound to the runner's service account grants the verb use-managed-identity on the resource ${commandWord(clientId, '<client-id>')} in the API group cid.wi.aks.azure.com.`;

const WEBHOOK_SETS_THEM =
  'The workload identity webhook sets AZURE_KUBERNETES_TOKEN_PROXY, AZURE_KUBERNETES_SNI_NAME and the CA for a pod annotated azure.workload.identity/use-identity-binding: "true"; kubectl describe pod <runner-pod> shows them.';

/** A TLS failure's system code, in words: which check the proxy's certificate failed. */
function tlsWords(code: string, p: ProxyFacts): string {
  if (/^(ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH)$/.test(code))
    return `its certificate is not for ${p.sniName ?? untrusted(p.host, 120)}: ${code}`;
  if (/^CERT_(HAS_EXPIRED|NOT_YET_VALID)$/.test(code)) return `its certificate is expired or not yet valid: ${code}`;
  if (/CERT|ISSUER|SIGNATURE|^INVALID_CA$/.test(code)) return `its certificate is not issued by that CA: ${code}`;
  return `the proxy ended the handshake, as it does for an SNI name it does not serve: ${code}`;
}

const EXAMPLE: ProxyFacts = {
  where: 'the AKS identity binding token proxy https://10.0.0.1:443 (SNI name token-proxy.example)',
  caFile: '/var/run/secrets/azure/ca/ca.crt',
  sniName: 'token-proxy.example',
  host: '10.0.0.1',
  clientId: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
};

export const TOKEN_PROXY_MESSAGES = {
  'identity.token-proxy-ca-file': entry({
    section: 'identity',
    when: "identity binding: the token proxy's CA file unreadable, empty or not PEM",
    problem: (a: { proxy: ProxyFacts; detail: string }) =>
      `The token proxy's CA file ${untrusted(a.proxy.caFile ?? '', 200)} (AZURE_KUBERNETES_CA_FILE) ${a.detail}, so ${a.proxy.where} could not be trusted and was sent nothing.`,
    fix: () =>
      `The webhook mounts the cluster's CA bundle there: check that the volume is mounted and nothing else is (kubectl describe pod <runner-pod>). An empty file is a CA rotation in progress: retry the job.`,
    example: { proxy: EXAMPLE, detail: 'is empty' },
  }),
  'identity.token-proxy-tls': entry({
    section: 'identity',
    when: 'identity binding: the TLS handshake with the token proxy failed',
    problem: (a: { proxy: ProxyFacts; detail: string }) =>
      `The TLS handshake with ${a.proxy.where} failed (${tlsWords(a.detail, a.proxy)}), so nothing was sent. The action trusts the proxy only through ${a.proxy.caFile ? `the CA in AZURE_KUBERNETES_CA_FILE (${untrusted(a.proxy.caFile, 200)})` : 'the CA in AZURE_KUBERNETES_CA_DATA'}, never the runner's own CAs, and checks its certificate against ${a.proxy.sniName ? 'AZURE_KUBERNETES_SNI_NAME' : "the URL's host"}.`,
    fix: () =>
      `Check that these are the webhook's current values; after the cluster rotates its CA, restart the runner pod. Something else answering at AZURE_KUBERNETES_TOKEN_PROXY (a proxy or firewall in between) fails here too. ${WEBHOOK_SETS_THEM}`,
    example: { proxy: EXAMPLE, detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
  }),
  'identity.token-proxy-unreachable': entry({
    section: 'identity',
    when: 'identity binding: the token proxy cannot be reached',
    problem: (a: { proxy: ProxyFacts; detail: string }) =>
      `${sentence(a.proxy.where)} cannot be reached (${a.detail}). The action connects to it directly, never through HTTPS_PROXY.`,
    fix: () =>
      `Check that the runner pod may reach AZURE_KUBERNETES_TOKEN_PROXY (network policies, the cluster's API server address) and that the cluster has identity bindings (az aks identity-binding list -g <resource-group> --cluster-name <cluster>). ${WEBHOOK_SETS_THEM}`,
    example: { proxy: EXAMPLE, detail: 'ECONNREFUSED' },
  }),
  'identity.token-proxy-not-json': entry({
    section: 'identity',
    when: 'identity binding: the token proxy answered something that is not JSON',
    problem: (a: { proxy: ProxyFacts; detail: string }) =>
      `${sentence(a.proxy.where)} answered with something that is not a token answer (${a.detail}, not JSON), so it was not read.`,
    fix: () =>
      `Something other than the cluster's token proxy may be answering at AZURE_KUBERNETES_TOKEN_PROXY: check the address. ${WEBHOOK_SETS_THEM}`,
    example: { proxy: EXAMPLE, detail: 'HTTP 200 text/html' },
  }),
  'identity.token-proxy-federation': entry({
    section: 'identity',
    when: 'identity binding: AADSTS70021 / 700213 through the token proxy',
    problem: (a: { proxy: ProxyFacts; code: number }) =>
      `Microsoft Entra ID refused the token exchange sent through ${a.proxy.where} for the identity with client id ${untrusted(a.proxy.clientId, 80)} (AADSTS${a.code}): no federated credential matched the proxy's assertion.`,
    fix: (a: { proxy: ProxyFacts; code: number }) =>
      `With identity bindings AKS keeps that credential itself (aks-identity-binding, on the identity): ${bindingCheck(a.proxy.clientId)}`,
    example: { proxy: EXAMPLE, code: 70021 },
  }),
  'identity.token-proxy-refused': entry({
    section: 'identity',
    when: 'identity binding: the token proxy refused (a status, no AADSTS code)',
    problem: (a: { proxy: ProxyFacts; status: string }) =>
      `${sentence(a.proxy.where)} refused the token exchange (${a.status}).`,
    fix: (a: { proxy: ProxyFacts; status: string }) =>
      `The proxy checks that the runner's service account may use the identity: ${bindingCheck(a.proxy.clientId)}`,
    example: { proxy: EXAMPLE, status: 'HTTP 403' },
  }),
  'identity.token-proxy-too-large': entry({
    section: 'identity',
    when: "identity binding: the token proxy's answer is larger than any token answer",
    problem: (a: { proxy: ProxyFacts; what: string }) =>
      `Refused the identity answer: ${a.what}, larger than any token answer, so it was not read.`,
    fix: (a: { proxy: ProxyFacts; what: string }) =>
      `Something other than ${a.proxy.where} is answering; check AZURE_KUBERNETES_TOKEN_PROXY (kubectl describe pod <runner-pod>).`,
    example: { proxy: EXAMPLE, what: 'an answer over 64 KiB' },
  }),
  'identity.token-proxy-gave-up': entry({
    section: 'identity',
    when: 'identity binding: the token proxy kept failing (429 or 5xx) until the deadline',
    problem: (a: { proxy: ProxyFacts; status: string; seconds: number }) =>
      a.status === 'HTTP 429'
        ? `throttled: ${a.proxy.where} kept answering HTTP 429 Too Many Requests until the ${a.seconds} s deadline (each retry waited at least its Retry-After).`
        : `${sentence(a.proxy.where)} kept failing (last: ${a.status}) until the ${a.seconds} s deadline, each retry after a backoff.`,
    fix: (a: { proxy: ProxyFacts; status: string; seconds: number }) =>
      a.status === 'HTTP 429'
        ? "Spread the jobs' schedules, or raise timeout."
        : "Retry the job, or raise timeout; if it persists, check the cluster's identity bindings (az aks identity-binding list -g <resource-group> --cluster-name <cluster>).",
    example: { proxy: EXAMPLE, status: 'HTTP 503', seconds: 60 },
  }),
};
