// One way to turn anything thrown into text, and the error type whose message is written for the user.

/** The message of anything thrown, without its stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** A failure whose message is already what the user should read: cause and fix. */
export class ActionError extends Error {
  override readonly name = 'ActionError';
  constructor(
    message: string,
    /** SDK or network detail, for the debug log only. */
    readonly detail?: string,
  ) {
    super(message);
  }
}
