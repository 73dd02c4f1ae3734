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
  /** A step's own message not (yet) in the catalogue is a plain string: its id is then the step's. */
  constructor(said: UserMessage | string, detail?: string) {
    const message = typeof said === 'string' ? { id: 'step', text: said } : said;
    super(message.text);
    this.said = message;
    this.detail = detail;
  }
}
