// Texts every stage uses: a wait that outlived the step's timeout, and a failure nobody foresaw.
export const SharedRemediation = {
  timeout: (what: string, seconds: number) =>
    `timed out after ${seconds} s waiting for ${what}. Raise the timeout input if the vault is slow, or check the runner's network.`,

  unexpectedFailure: (kind: string) =>
    `Unexpected failure (${kind}); nothing was exported. Re-run the job with debug logging (RUNNER_DEBUG=1) for the detail, and report it with that log.`,
} as const;
