// What any stage may say: a failure nobody foresaw.
import { entry } from './entry.js';

export const RUN_MESSAGES = {
  'run.unexpected': entry({
    section: 'run',
    when: 'an error the action does not know (a bug): its name only; the detail is in the debug log',
    problem: (a: { kind: string }) => `Unexpected failure (${a.kind}); nothing was exported.`,
    fix: () => `Re-run the job with debug logging (RUNNER_DEBUG=1) for the detail, and report it with that log.`,
    example: { kind: 'TypeError' },
  }),
};
