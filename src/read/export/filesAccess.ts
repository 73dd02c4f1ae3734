// files-group: the secret files shared with one group, so that a container user given that group
// (`docker run --group-add GID`, a pod's supplementalGroups) reads them while every other user still cannot.
// A group and a mode, rather than an ACL: plain chown and chmod (no setfacl, no acl package, no file system
// option), kept as they are through a bind mount, and Docker's own way to give a container user a group.
// chown to a group needs no privilege when the owner is a member of it (POSIX), which is checked first.
import { fchmodSync, fchownSync, chmodSync, chownSync } from 'node:fs';
import { type Said, say } from '../../messages/catalogue.js';
import { ActionError } from '../../util/errors.js';

/** Who this process is, as chown sees it. */
export interface ProcessIds {
  uid: number;
  /** The effective group and the supplementary groups. */
  groups: readonly number[];
}

/** This process's ids; undefined on Windows, which has neither. */
export function currentIds(): ProcessIds | undefined {
  if (!process.getuid || !process.getegid || !process.getgroups) return undefined;
  return { uid: process.getuid(), groups: [process.getegid(), ...process.getgroups()] };
}

/** Modes with files-group: the owner reads and writes, the group reads (and enters the directory), others nothing. */
export const GROUP_FILE_MODE = 0o640;
export const GROUP_DIR_MODE = 0o750;

/** Why files-group cannot be used here, if it cannot: Windows, or a group the runner's user is not in. */
export function filesGroupProblem(gid: number, ids: ProcessIds | undefined): Said | undefined {
  if (!ids) return say('inputs.files-group-on-windows', {});
  if (ids.uid === 0 || ids.groups.includes(gid)) return undefined;
  return say('inputs.files-group-not-member', { uid: ids.uid, gid, groups: [...new Set(ids.groups)] });
}

/** Refuses, before anything is fetched, a files-group this runner cannot give the files to. */
export function refuseUnusableFilesGroup(gid: number | undefined, ids = currentIds()): void {
  if (gid === undefined) return;
  const problem = filesGroupProblem(gid, ids);
  if (problem) throw new ActionError(problem);
}

/** The files' directory, entered and listed by the group: set before any file is written in it. */
export function shareDirWithGroup(dir: string, gid: number): void {
  chownSync(dir, -1, gid);
  chmodSync(dir, GROUP_DIR_MODE);
}

/** A file just created 0600, readable by the group before anything is written to it. */
export function shareFileWithGroup(fd: number, gid: number): void {
  fchownSync(fd, -1, gid);
  fchmodSync(fd, GROUP_FILE_MODE);
}
