// Fork pull requests on a self-hosted runner would run the fork's code with the VM's identity.
// GitHub withholds secrets from them; so does this action, unless told otherwise.

export interface EventContext {
  eventName: string;
  payload: Record<string, unknown>;
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];

/** The fork's and base repository's names when this event is a pull request from a fork. */
export function forkPullRequest({ eventName, payload }: EventContext): { head: string; base: string } | undefined {
  if (!PULL_REQUEST_EVENTS.includes(eventName)) return undefined;
  const pr = payload.pull_request as { head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } } | undefined;
  if (!pr) return undefined;
  const base = pr.base?.repo?.full_name ?? (payload.repository as { full_name?: string } | undefined)?.full_name ?? 'this repository';
  // A deleted fork has no head repository: it is not this repository either.
  const head = pr.head?.repo?.full_name ?? 'a deleted fork';
  return head.toLowerCase() === base.toLowerCase() ? undefined : { head, base };
}
