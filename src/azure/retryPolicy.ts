// The retries inside the SDKs' pipelines, on the action's terms. The SDK's default retry takes a 429's or a
// 503's Retry-After as the whole wait (0 or a date in the past: at once; past 2^31 ms: Node's 1 ms timer),
// three times per call, below the action's own retries, which then multiplied them. Every client the action
// builds turns it off (retryOptions maxRetries 0, or the policy removed) and retries here instead: only what
// is passing (a dropped connection, 408, 5xx; 429 only where no stage above decides about throttling), each
// wait from the one rule (util/backoff.ts retryWaitMs), within the request's deadline.
import { isRestError, type PipelinePolicy, type PipelineResponse, type RestError } from '@azure/core-rest-pipeline';
import { sleepWithin } from '../util/abort.js';
import { backoffMs, retryAfterMs, retryWaitMs } from '../util/backoff.js';
import { type Clock, systemClock } from '../util/clock.js';

export interface PipelineRetries {
  /** Requests after the first. */
  maxRetries: number;
  /** The backoff's first wait and its cap (backoffMs). */
  baseMs: number;
  capMs: number;
  /**
   * 429 retried here too: only where no stage above decides about throttling (ARM, ACR). Key Vault's 429 goes
   * to the fetcher at once (vault/fetch.ts paces the whole run); Entra ID's and the identity endpoints' to the
   * identity stage.
   */
  throttling: boolean;
}

const RETRY_POLICY_NAME = 'keyvault-secrets-action-retry';

/** The connection failures the SDK's own retry treats as passing (its exponentialRetryStrategy's list). */
const PASSING_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND']);

export function retryPolicy(retries: PipelineRetries, clock: Clock = systemClock): PipelinePolicy {
  const passing = (status: number | undefined, error: RestError | undefined) =>
    status === undefined
      ? PASSING_CODES.has(String(error?.code))
      : status === 408 || (status === 429 && retries.throttling) || (status >= 500 && status !== 501 && status !== 505);
  return {
    name: RETRY_POLICY_NAME,
    async sendRequest(request, next) {
      const deadline = request.abortSignal as AbortSignal | undefined;
      for (let attempt = 0; ; attempt++) {
        let response: PipelineResponse | undefined;
        let failure: RestError | undefined;
        try {
          response = await next(request);
        } catch (error) {
          if (!isRestError(error)) throw error;
          failure = error;
          response = error.response;
        }
        const answer = () => {
          if (failure !== undefined) throw failure;
          return response!;
        };
        if (attempt >= retries.maxRetries || deadline?.aborted || !passing(response?.status, failure)) return answer();
        // Cut to the time left by sleepWithin.
        const wait = retryWaitMs(
          backoffMs(attempt, clock.random, retries.baseMs, retries.capMs),
          retryAfterMs(response?.headers.get('retry-after'), clock.now()),
        );
        try {
          await sleepWithin(clock, wait, deadline);
        } catch {
          // The deadline ended the wait: the answer that asked for it says why (a 429 is throttling, not a stall).
          return answer();
        }
      }
    },
  };
}
