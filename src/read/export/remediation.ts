// What the export stage says about values it exports, and about the job summary.
export const EMPTY_VALUE_WARNING = (alias: string) =>
  `${alias} is empty, only whitespace, or single characters: it is exported, but cannot be masked (a one-character mask would hide that character in every line of the log).`;

export const ExportRemediation = {
  masksNotDelivered: (timeoutSeconds: number) =>
    `The runner did not read this step's log within timeout (${timeoutSeconds} s), so it may not hold every value's mask yet; nothing was exported. ` +
    `Raise timeout, or look at what keeps the runner busy.`,

  summaryNotWritten: (code: string | undefined) =>
    `The secrets were exported, but the job summary could not be written${code ? ` (${code})` : ''}. The step still succeeds.`,
} as const;
