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

/** A message from the catalogue (src/messages/): which entry said it, its text, and the text's cause and fix. */
export interface UserMessage {
  readonly id: string;
  readonly text: string;
  readonly problem?: string;
  readonly fix?: string;
}

/** A failure whose message is already what the user should read: cause and fix. */
export class ActionError extends Error {
  override readonly name = 'ActionError';
  /** What the catalogue said: its entry's id, and the message's cause and fix (for the job summary). */
  readonly said: UserMessage;
  /** SDK or network detail, for the debug log only. */
  readonly detail: string | undefined;
  constructor(said: UserMessage, detail?: string) {
    super(said.text);
    this.said = said;
    this.detail = detail;
  }
}
