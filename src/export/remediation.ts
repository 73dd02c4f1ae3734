// What the export stage says about values it exports, and about the job summary.
export const EMPTY_VALUE_WARNING = (alias: string) =>
  `${alias} is empty (or only whitespace): it is exported, but such a value cannot be masked.`;

export const ExportRemediation = {
  masksNotDelivered: (timeoutSeconds: number) =>
    `The runner did not read this step's log within timeout (${timeoutSeconds} s), so it may not hold every value's mask yet; nothing was exported. ` +
    `Raise timeout, or look at what keeps the runner busy.`,

  summaryNotWritten: (code: string | undefined) =>
    `The secrets were exported, but the job summary could not be written${code ? ` (${code})` : ''}. The step still succeeds.`,
} as const;
