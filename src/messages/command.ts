// What run's command ends with, when it does not exit with 0: the step's error, and the exit code it ends
// with. The command's own output is above it in the log, so the message only says how it ended.
import { untrusted } from '../policy/untrusted.js';
import { entry } from './entry.js';

/** How the command ended: its exit code, and the signal that ended it, if one did. */
interface Ended {
  status: number;
  signal?: string | undefined;
}

export const COMMAND_MESSAGES = {
  'command.not-started': entry({
    section: 'command',
    when: '`run`: the shell was found but could not be started (the step ends with exit code 1)',
    problem: (a: { program: string; code: string }) =>
      `The command in run could not start: ${untrusted(a.program)} failed with ${a.code}.`,
    fix: () => '',
    example: { program: '/usr/bin/bash', code: 'EACCES' },
  }),
  'command.failed': entry({
    section: 'command',
    when: "`run`: the command exited with a code other than 0, or a signal ended it; the step ends with that code, and the command's own output is above",
    problem: (a: Ended) =>
      `The command in run ${a.signal ? `was ended by ${a.signal} (exit code ${a.status})` : `exited with code ${a.status}`}.`,
    fix: () => '',
    example: { status: 3 },
  }),
  'command.cancelled': entry({
    section: 'command',
    when: 'the run was cancelled while the command ran: the signal is passed on to it, and the step ends when it does',
    problem: (a: Ended & { by: string }) =>
      `Cancelled (${a.by}): the command ${a.signal ? `was ended by ${a.signal}` : `exited with code ${a.status}`}.`,
    fix: () => '',
    example: { by: 'SIGINT', signal: 'SIGINT', status: 130 },
  }),
};
