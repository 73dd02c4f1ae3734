// Texts every stage uses: a wait that outlived the step's timeout, a failure nobody foresaw, and the ids that
// find a failed request in the service's own logs.
import type { RequestIds } from './sdkErrors.js';

export const SharedRemediation = {
  timeout: (what: string, seconds: number) =>
    `timed out after ${seconds} s waiting for ${what}. Raise the timeout input if the vault is slow, or check the runner's network.`,

  unexpectedFailure: (kind: string) =>
    `Unexpected failure (${kind}); nothing was exported. Re-run the job with debug logging (RUNNER_DEBUG=1) for the detail, and report it with that log.`,

  /**
   * The message, then the ids that find the failed request in the service's logs ("… For the service's logs:
   * x-ms-request-id …, x-ms-client-request-id …."); the message alone when there are none (GUIDs only: sdkErrors.ts).
   */
  withRequestIds: (message: string, ids: RequestIds): string => {
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
    const named = [
      service.length > 0 && `For the service's logs: ${service.join(', ')}.`,
      entra.length > 0 && `For Microsoft Entra ID's sign-in logs: ${entra.join(', ')}.`,
    ].filter(Boolean);
    if (named.length === 0) return message;
    // A message that ends in a command gets its full stop first, so the ids are never read as part of it.
    return `${message}${/[.!?]$/.test(message) ? '' : '.'} ${named.join(' ')}`;
  },
} as const;
