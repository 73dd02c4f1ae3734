// Windows: what "readable by this user only" and "a file name" mean there. Pure functions, so they
// are tested on every OS; the one impure part (running whoami and icacls) takes its runner as an argument.
import { win32 } from 'node:path';

/**
 * A name Windows keeps for a device (CON, PRN, AUX, NUL, COM0–9, LPT0–9, also with superscript
 * digits, CONIN$, CONOUT$, CLOCK$), in any case, with or without an extension ("con.txt"), and with
 * trailing spaces before the dot. Opening such a "file" opens the device.
 */
const DEVICE = /^(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3]|CONIN\$|CONOUT\$|CLOCK\$)$/i;

export function isWindowsDeviceName(name: string): boolean {
  const base = name.split('.')[0]!.replace(/[ ]+$/, '');
  return DEVICE.test(base);
}

/** What Windows refuses in a file name: <>:"/\|?* and the C0 controls. */
// eslint-disable-next-line no-control-regex -- the controls are among what it matches
const WINDOWS_REFUSES = /[<>:"/\\|?*\u0000-\u001f]/;

/**
 * A name that is the same file on every OS: not a device name, not ending in a dot or a space (Windows
 * drops them, so "a." and "a" are one file), nothing Windows refuses (<>:"/\|?* and controls), and not
 * "." or "..".
 */
export function isPortableFileName(name: string): boolean {
  return (
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    !WINDOWS_REFUSES.test(name) &&
    !/[. ]$/.test(name) &&
    !isWindowsDeviceName(name)
  );
}

/** A security identifier as whoami prints it: S-1-5-21-…-1001. */
const SID = /^S-1-[0-9]+(?:-[0-9]+)+$/;

/** The SID in `whoami /user /fo csv /nh` output: `"host\user","S-1-5-21-…"`. */
export function sidOfWhoami(output: string): string | undefined {
  const fields = [...output.matchAll(/"([^"]*)"/g)].map((m) => m[1]!.trim());
  const sid = fields.at(-1);
  return sid !== undefined && SID.test(sid) ? sid : undefined;
}

/**
 * icacls arguments that leave `dir` with one entry: full control for `sid`, inherited by every file
 * and directory created in it, with the entries inherited from RUNNER_TEMP removed. "*" marks a SID
 * rather than an account name, so no name lookup (or a name with spaces) gets in the way.
 */
export function ownerOnlyAclArgs(dir: string, sid: string): string[] {
  if (!SID.test(sid)) throw new Error(`not a SID: ${sid}`);
  return [dir, '/inheritance:r', '/grant:r', `*${sid}:(OI)(CI)F`];
}

/** Runs a program with arguments (no shell) and returns its stdout; throws when it fails. */
export type RunProgram = (file: string, args: string[]) => string;

/** Windows' own tools, from SystemRoot rather than PATH (which any earlier step can change). */
export function systemTool(name: string, systemRoot: string | undefined): string {
  const root = systemRoot && win32.isAbsolute(systemRoot) ? systemRoot : 'C:\\Windows';
  return win32.join(root, 'System32', name);
}

/** Makes `dir` readable and writable by the current user only. Throws, saying which tool failed, when it cannot. */
export function restrictToCurrentUser(dir: string, run: RunProgram, systemRoot: string | undefined): void {
  const whoami = run(systemTool('whoami.exe', systemRoot), ['/user', '/fo', 'csv', '/nh']);
  const sid = sidOfWhoami(whoami);
  if (sid === undefined) throw new Error('whoami /user printed no SID');
  run(systemTool('icacls.exe', systemRoot), ownerOnlyAclArgs(dir, sid));
}
