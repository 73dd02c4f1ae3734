// What every Azure SDK client the action builds (Key Vault's, Entra's, the managed identity's) is given alike,
// besides the user agent (constants.ts).
import type { PipelineRetries } from './retryPolicy.js';

/**
 * Key Vault's and Entra ID's pipelines retry what is passing, as the SDK did (up to 3 more requests, about 1, 2,
 * 4 s apart), but never a 429: the fetcher (vault/fetch.ts) and the identity stage decide about throttling,
 * and nothing below them asks again on its own (retryPolicy.ts).
 */
export const SDK_RETRIES: PipelineRetries = { maxRetries: 3, baseMs: 1000, capMs: 8000, throttling: false };
