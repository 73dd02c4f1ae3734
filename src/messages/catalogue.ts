// The catalogue: every message the action prints when a run fails or warns, in one shape (entry.ts), by
// an id that names its stage and kind. Stages classify what happened into an id and its arguments; `say`
// writes the message. docs/troubleshooting.md's tables are made from here (`npm run docs`).
import { COMMAND_MESSAGES } from './command.js';
import { type Entry, render, type Said, type Section } from './entry.js';
import { EXPORT_MESSAGES } from './export.js';
import { GUARD_MESSAGES } from './guard.js';
import { IDENTITY_MESSAGES } from './identity.js';
import { INPUT_MESSAGES } from './inputs.js';
import { RESOURCE_MESSAGES } from './resources.js';
import { RUN_MESSAGES } from './run.js';
import { SET_MESSAGES } from './set.js';
import { TOKEN_PROXY_MESSAGES } from './tokenProxy.js';
import { VAULT_MESSAGES } from './vault.js';

export type { Entry, Said, Section } from './entry.js';

export const CATALOGUE = {
  ...INPUT_MESSAGES,
  ...GUARD_MESSAGES,
  ...IDENTITY_MESSAGES,
  ...TOKEN_PROXY_MESSAGES,
  ...VAULT_MESSAGES,
  ...RESOURCE_MESSAGES,
  ...EXPORT_MESSAGES,
  ...COMMAND_MESSAGES,
  ...SET_MESSAGES,
  ...RUN_MESSAGES,
};

export type Catalogue = typeof CATALOGUE;
export type MessageId = keyof Catalogue;
export type ArgsOf<K extends MessageId> = Catalogue[K]['example'];
/** What happened, classified: an entry and its arguments, to be said (now, or for several references at once). */
export type Failure<K extends MessageId = MessageId> = K extends MessageId ? { id: K; args: ArgsOf<K> } : never;

/** The message of entry `id` for these arguments. */
export const say = <K extends MessageId>(id: K, args: ArgsOf<K>): Said =>
  render(id, CATALOGUE[id] as Entry<ArgsOf<K>>, args);

export const sayFailure = (failure: Failure): Said => say(failure.id, failure.args as never);

export const entryOf = (id: string): Entry<unknown> | undefined =>
  Object.hasOwn(CATALOGUE, id) ? (CATALOGUE[id as MessageId] as Entry<unknown>) : undefined;

/**
 * The sections, in the order the docs list them: each one's heading there, and what a failed run's job
 * summary says failed.
 */
export const SECTIONS: Record<Section, { title: string; failed: string }> = {
  inputs: { title: 'Inputs', failed: 'the inputs need a fix; nothing was fetched' },
  guard: { title: 'The fork guard', failed: 'refused by the fork guard; nothing was fetched' },
  identity: { title: 'The identity', failed: 'no token from the identity; nothing was exported' },
  vault: { title: 'Key Vault', failed: 'nothing was exported' },
  resources: { title: 'Tokens, storage keys and registries', failed: 'nothing was exported' },
  export: { title: 'Exporting', failed: 'nothing was exported' },
  command: { title: 'The command in `run`', failed: 'the command in run failed' },
  set: { title: 'The set step (writing secrets)', failed: 'nothing more was written' },
  run: { title: 'Anywhere', failed: 'nothing was exported' },
};
