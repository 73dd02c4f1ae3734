// Two settings of this process that the SDK's way of working asks for; neither changes what it does.
import { setFlagsFromString } from 'node:v8';

/**
 * Node defines `FormData` (with Headers, Request, Response) as a lazy global: the first read loads
 * Node's bundled undici and web streams (a visible share of a one-secret run: `npm run bench`). The SDK's
 * formDataPolicy reads `typeof FormData` on every request, whatever the body, and this action never
 * sends a form. So the global is undefined in this process. Assigning it replaces the lazy value without
 * loading it (reading its descriptor, or defineProperty, would load it). The GitHub clients (fork
 * lookup, OIDC) bring their own undici and never read the global.
 */
export function skipNodeFormData(): void {
  (globalThis as { FormData?: unknown }).FormData = undefined;
}

/**
 * The runner starts `node dist/index.js` with no flags, and at 2,000 secrets V8 grows its young
 * generation far past what its live heap needs, and peak RSS with it. These flags are the
 * ones V8 reads while the heap grows, not only at start: the young generation keeps its first size,
 * the old one grows by 20 % instead of up to 4×, and no mid-tier (Maglev) compiles for a process that
 * lives seconds. Peak RSS at 2,000 secrets falls; a one-secret run is unchanged (figures: `npm run bench`).
 */
export function favourMemory(): void {
  for (const flag of ['--semi-space-growth-factor=1', '--heap-growing-percent=20', '--no-maglev'])
    setFlagsFromString(flag);
}
