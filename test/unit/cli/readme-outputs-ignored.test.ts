/**
 * `npm test` stays green on a clone where the README's own commands were run (issue 13): what
 * they create — the emulator's `--data` folder, `npm run emulator`'s folder, templates and
 * reports fetched into the clone — is ignored by git and by Prettier (whose check is part of
 * `npm test`). The data folders are read from the README and package.json, so a new one is
 * checked too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';

const repo = join(import.meta.dirname, '../../..');
const inGit = existsSync(join(repo, '.git'));

/** Every `--data DIR` in the README's commands and package.json's scripts, relative to the clone. */
function dataFolders(): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const text = [readme, ...Object.values(pkg.scripts)].join('\n');
  const found = [...text.matchAll(/--data\s+(\.\/|\.?[\w-])([\w./-]*)/g)].map((m) =>
    `${m[1]}${m[2]}`.replace(/^\.\//, ''),
  );
  return [...new Set(found)].filter((d) => !d.startsWith('/'));
}

const made = (): string[] => [
  ...dataFolders().flatMap((d) => [
    `${d}/workspaces/flexible/DataObjects/Templates/Account.schema.json`,
    `${d}/emulator.json`,
  ]),
  // `sftp> get /DataObjects/Templates/Account.schema.json` and a report, into the clone.
  'Account.schema.json',
  'Account_march.csv.result.json',
  'Account_march.csv.errors.csv',
];

describe('what the README’s commands create is ignored', () => {
  it('finds the emulator data folders the README and npm scripts use', () => {
    const dirs = dataFolders();
    assert.ok(dirs.includes('emulator-data'), dirs.join(', '));
    assert.ok(dirs.includes('.tmp/emulator'), dirs.join(', '));
  });

  it('by git', { skip: inGit ? false : 'not a git clone' }, () => {
    for (const path of made()) {
      const r = spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: repo });
      assert.equal(r.status, 0, `git does not ignore ${path}`);
    }
  });

  it('by Prettier (as `prettier --check .` in npm test reads its ignore files)', async () => {
    for (const path of made().filter((p) => !p.endsWith('.csv'))) {
      const info = await prettier.getFileInfo(join(repo, path), {
        ignorePath: [join(repo, '.gitignore'), join(repo, '.prettierignore')],
      });
      assert.equal(info.ignored, true, `Prettier would check ${path}`);
    }
    // …and still checks the repo's own files.
    const own = await prettier.getFileInfo(join(repo, 'package.json'), {
      ignorePath: [join(repo, '.gitignore'), join(repo, '.prettierignore')],
    });
    assert.equal(own.ignored, false);
  });
});
