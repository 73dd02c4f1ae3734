// Fork pull requests on a self-hosted runner would run the fork's code with the VM's identity.
// GitHub withholds secrets from them; so does this action, unless told otherwise. The guard reads
// the event; it is not a sandbox (see docs/security.md, "Fork guard").
import { readFileSync } from 'node:fs';
import type { EventContext } from '../ports.js';
import { ActionError } from '../util/errors.js';
import { say } from '../messages/catalogue.js';

export type ForkVerdict =
  | { kind: 'not-a-pull-request' }
  | { kind: 'same-repository' }
  | { kind: 'fork'; head: string; base: string }
  /** issue_comment on a pull request: the payload names the pull request, not its head. */
  | { kind: 'look-up'; repository: string; number: number };

const PULL_REQUEST_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
];
/** Events whose payload the guard needs: without it, the step fails closed. */
export const GUARDED_EVENTS = [...PULL_REQUEST_EVENTS, 'workflow_run', 'issue_comment'];

type Repo = { full_name?: string } | null | undefined;
const nameOf = (repo: Repo) => repo?.full_name;

export function compareRepos(head: string | null | undefined, base: string): ForkVerdict {
  // A deleted fork has no head repository: it is not this repository either.
  if (!head) return { kind: 'fork', head: 'a deleted fork', base };
  return head.toLowerCase() === base.toLowerCase() ? { kind: 'same-repository' } : { kind: 'fork', head, base };
}

/** Whether this event runs code from a fork's pull request, as far as its payload tells. */
export function forkVerdict({ eventName, payload }: EventContext): ForkVerdict {
  const repository = nameOf(payload.repository as Repo) ?? 'this repository';
  if (PULL_REQUEST_EVENTS.includes(eventName)) {
    const pr = payload.pull_request as { head?: { repo?: Repo }; base?: { repo?: Repo } } | undefined;
    if (!pr) return { kind: 'not-a-pull-request' };
    return compareRepos(nameOf(pr.head?.repo), nameOf(pr.base?.repo) ?? repository);
  }
  if (eventName === 'workflow_run') {
    // The triggering run's event and head repository; a run from a fork's pull request keeps the fork's.
    const run = payload.workflow_run as { event?: string; head_repository?: Repo; repository?: Repo } | undefined;
    if (!run || !PULL_REQUEST_EVENTS.includes(run.event ?? '')) return { kind: 'not-a-pull-request' };
    return compareRepos(nameOf(run.head_repository), nameOf(run.repository) ?? repository);
  }
  if (eventName === 'issue_comment') {
    const issue = payload.issue as { number?: number; pull_request?: unknown } | undefined;
    if (!issue?.pull_request) return { kind: 'not-a-pull-request' };
    if (typeof issue.number !== 'number' || repository === 'this repository')
      return { kind: 'fork', head: 'an unknown repository', base: repository };
    return { kind: 'look-up', repository, number: issue.number };
  }
  return { kind: 'not-a-pull-request' };
}

/** The event's payload, read from GITHUB_EVENT_PATH for the events the guard needs it for; fails closed. */
export function readEvent(env: NodeJS.ProcessEnv = process.env): EventContext {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  if (!GUARDED_EVENTS.includes(eventName)) return { eventName, payload: {} };
  const path = env.GITHUB_EVENT_PATH;
  let text: string;
  try {
    if (!path) throw new Error('unset');
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ActionError(
      say('guard.event-unreadable', {
        event: eventName,
        why: path ? `${path} cannot be read` : 'GITHUB_EVENT_PATH is not set',
      }),
    );
  }
  try {
    const payload: unknown = JSON.parse(text);
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('not an object');
    return { eventName, payload: payload as Record<string, unknown> };
  } catch {
    throw new ActionError(say('guard.event-unreadable', { event: eventName, why: `${path} is not a JSON object` }));
  }
}
