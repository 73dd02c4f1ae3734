// A test that runs only where it can (POSIX, a writable Arc key directory, the Python SDK installed).
// Where it cannot, it is skipped and its title says why, "title (skipped: reason)", which
// scripts/skip-reporter.mjs lists after every run, --verbose or not.

type TestFn = (title: string, fn: jest.ProvidesCallback, timeout?: number) => void;

const titled = (title: string, condition: boolean, reason: string) =>
  condition ? title : `${title} (skipped: ${reason})`;

/** `it` where `condition` holds; elsewhere `it.skip`, its title saying `reason`. */
export function itIf(condition: boolean, reason: string): TestFn {
  return (title, fn, timeout) => (condition ? it : it.skip)(titled(title, condition, reason), fn, timeout);
}

/** `describe` where `condition` holds; elsewhere `describe.skip`, its title saying `reason`. */
export function describeIf(condition: boolean, reason: string): (title: string, fn: () => void) => void {
  return (title, fn) => (condition ? describe : describe.skip)(titled(title, condition, reason), fn);
}

/** Where a test needs POSIX (symlinks without a privilege, mkfifo, a POSIX shell). */
export const posix = process.platform !== 'win32';
