// files-group: refused where the runner's user cannot give files to the group; otherwise files 0640 and their
// directory 0750, of the group, so that the group reads and no one else does.
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesGroupProblem, shareDirWithGroup, shareFileWithGroup } from '../../../../src/read/export/filesAccess.js';
import { itIf, posix } from '../../../helpers/itIf.js';

describe('filesGroupProblem', () => {
  it('a group the user is in, or any group for root, is fine', () => {
    expect(filesGroupProblem(1001, { uid: 1001, groups: [1001, 118] })).toBeUndefined();
    expect(filesGroupProblem(118, { uid: 1001, groups: [1001, 118] })).toBeUndefined();
    expect(filesGroupProblem(4243, { uid: 0, groups: [0] })).toBeUndefined();
  });

  it('another group is refused, naming the fix: join it and restart the runner, or name one of its own', () => {
    expect(filesGroupProblem(4243, { uid: 1001, groups: [1001, 118, 1001] })?.text).toBe(
      "files-group: the runner's user (uid 1001) is not a member of group 4243, so it cannot give the files to that group; nothing was fetched. " +
        'Add it on the runner machine (sudo usermod -aG $(getent group 4243 | cut -d: -f1) $(id -un)), then restart the runner service, which reads its groups when it starts; ' +
        'or name one of its groups (1001, 118: id -G lists them).',
    );
  });

  it('Windows has no file groups', () => {
    expect(filesGroupProblem(1, undefined)?.text).toMatch(/^files-group: Windows has no file groups/);
  });
});

describe('sharing with the group', () => {
  itIf(posix, 'file modes and groups are POSIX')('the directory 0750 and a file 0640, both of the group', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kv-group-'));
    try {
      const gid = process.getegid!();
      shareDirWithGroup(dir, gid);
      const fd = openSync(join(dir, 'f'), 'wx', 0o600);
      shareFileWithGroup(fd, gid);
      closeSync(fd);
      const d = statSync(dir);
      const f = statSync(join(dir, 'f'));
      expect([d.mode & 0o777, d.gid, f.mode & 0o777, f.gid]).toEqual([0o750, gid, 0o640, gid]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
