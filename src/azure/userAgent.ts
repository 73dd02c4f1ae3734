// The User-Agent every Azure request carries (Key Vault, Entra ID, IMDS and the other identity endpoints, ARM,
// ACR): the action and its version, then the run it belongs to, so that an operator reading Key Vault's audit log
// (AZKVAuditLogs' ClientInfo) or Entra's sign-in log can find the workflow run that made a request. The SDKs
// put it first and add their own parts after it (userAgentOptions.userAgentPrefix).
//
// Its parts come from the environment, which a workflow can set: each is allowed only in the shape the runner
// gives it, else left out, so that no value can add a header, a line or a misleading part; the whole is capped.
import { USER_AGENT } from '../constants.js';

/** The action's version, as package.json has it (a test holds them equal: a release bumps both). */
export const ACTION_VERSION = '1.0.0';

/** Past this, the parts that do not fit are left out: real ones take about 200 characters. */
export const MAX_USER_AGENT_PREFIX = 320;

type Env = Record<string, string | undefined>;

/** One part from the environment: `label/value` when the value has the shape the runner gives it. */
interface Part {
  env: string;
  label: string;
  /** The value as it goes into the header, or undefined to leave the part out. */
  value: (raw: string) => string | undefined;
}

const matching = (pattern: RegExp) => (raw: string) => (pattern.test(raw) ? raw : undefined);

/** In the order they are kept when the cap leaves room for only some. */
const PARTS: readonly Part[] = [
  { env: 'GITHUB_RUN_ID', label: 'run_id', value: matching(/^[0-9]{1,20}$/) },
  { env: 'GITHUB_RUN_ATTEMPT', label: 'attempt', value: matching(/^[0-9]{1,10}$/) },
  // owner/name, as GitHub allows them.
  { env: 'GITHUB_REPOSITORY', label: 'repository', value: matching(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/) },
  {
    // As @actions/http-client writes it (every other character an underscore), so one search finds the
    // action's requests next to the toolkit's; cut to 128 characters.
    env: 'ACTIONS_ORCHESTRATION_ID',
    label: 'actions_orchestration_id',
    value: (raw) => {
      const id = raw
        .trim()
        .replace(/[^a-z0-9_.-]/gi, '_')
        .slice(0, 128);
      return id === '' ? undefined : id;
    },
  },
];

/**
 * "keyvault-secrets-action/1.0.0 run_id/123 attempt/1 repository/acme/training actions_orchestration_id/…",
 * from the environment's values that have their expected shape. Only [A-Za-z0-9._/ -]: nothing a header
 * value may not hold, no line break, no comment or quote.
 */
export function userAgentPrefix(env: Env): string {
  let prefix = `${USER_AGENT}/${ACTION_VERSION}`;
  for (const part of PARTS) {
    const raw = env[part.env];
    const value = raw === undefined ? undefined : part.value(raw);
    if (value === undefined) continue;
    const next = `${prefix} ${part.label}/${value}`;
    if (next.length <= MAX_USER_AGENT_PREFIX) prefix = next;
  }
  return prefix;
}

let current: { userAgentPrefix: string } | undefined;

/** The SDK option every Azure client the action builds is given: this process's prefix, built once. */
export const userAgentOptions = (): { userAgentPrefix: string } =>
  (current ??= { userAgentPrefix: userAgentPrefix(process.env) });
