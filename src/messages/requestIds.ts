// The ids that find a failed request in the service's own logs, said after the failure's cause and fix: Key
// Vault's and ARM's x-ms-request-id (ARM's x-ms-correlation-request-id too), the x-ms-client-request-id the
// request was sent with (Key Vault's audit log keeps it as CorrelationId), or Entra ID's trace id, correlation
// id and timestamp. Read from the answer as GUIDs only (util/sdkErrors.ts factsOf).
import type { RequestIds } from '../util/sdkErrors.js';
import type { Said } from './entry.js';

/**
 * "For the service's logs: x-ms-request-id …, x-ms-client-request-id …." ('' without ids); with `of`, whose request
 * they are ("For the service's logs (secrets line 1): …").
 */
export function requestIdsText(ids: RequestIds | undefined, of?: string): string {
  if (!ids) return '';
  const service = [
    ids.requestId && `x-ms-request-id ${ids.requestId}`,
    ids.correlationRequestId && `x-ms-correlation-request-id ${ids.correlationRequestId}`,
    ids.clientRequestId && `x-ms-client-request-id ${ids.clientRequestId}`,
  ].filter(Boolean);
  const entra = [
    ids.entraTraceId && `trace id ${ids.entraTraceId}`,
    ids.entraCorrelationId && `correlation id ${ids.entraCorrelationId}`,
    ids.entraTimestamp && `timestamp ${ids.entraTimestamp}`,
  ].filter(Boolean);
  const whose = of ? ` (${of})` : '';
  return [
    service.length > 0 && `For the service's logs${whose}: ${service.join(', ')}.`,
    entra.length > 0 && `For Microsoft Entra ID's sign-in logs${whose}: ${entra.join(', ')}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** The text, then the ids; a text that ends in a command gets its full stop first, so the ids never read as part of it. */
export function withIdsText(text: string, ids: RequestIds | undefined, of?: string): string {
  const named = requestIdsText(ids, of);
  if (named === '') return text;
  return `${text}${/[.!?]$/.test(text) ? '' : '.'} ${named}`;
}

/** What was said, with the ids after its fix (the text and the fix both end with them). */
export function withRequestIds(said: Said, ids: RequestIds | undefined): Said {
  const named = requestIdsText(ids);
  if (named === '') return said;
  return { ...said, text: withIdsText(said.text, ids), fix: said.fix ? withIdsText(said.fix, ids) : named };
}
