#!/usr/bin/env node
// Runs the test suites with node:test (+ tsx for TypeScript) and prints one closing line
// `N passed, N failed` summing them. Usage: node scripts/run-tests.mjs [unit] [integration] [e2e]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const suites = {
  unit: { dir: 'test/unit', concurrency: 2 },
  integration: { dir: 'test/integration', concurrency: 2 },
  e2e: { dir: 'test/e2e', concurrency: 1 },
};
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const withStatic = process.argv.includes('--static');
const filter = process.argv.find((a) => a.startsWith('--grep='))?.slice('--grep='.length);
const names = requested.length > 0 ? requested : Object.keys(suites);

function findTests(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(findTests(full));
    else if (/\.test\.tsx?$/.test(name) && (!filter || full.includes(filter))) out.push(full);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'sia-tests-'));
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
// Static checks count as one test each, so a type or lint error fails the run with the rest.
if (withStatic) {
  for (const [label, cmd, args] of [
    ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
    ['typecheck (browser code, no Node types)', 'npx', ['tsc', '-p', 'tsconfig.web.json']],
    ['lint', 'npx', ['eslint', '.']],
    ['format (prettier --check)', 'npx', ['prettier', '--check', '.', '--log-level=warn']],
  ]) {
    console.log(`\n=== static: ${label} ===`);
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status === 0) passed++;
    else {
      failed++;
      failures.push(`static: ${label}`);
    }
  }
}
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite "${name}"; choose from ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  const files = findTests(suite.dir);
  if (files.length === 0) continue;
  const countFile = join(work, `${name}.json`);
  console.log(`\n=== ${name}: ${files.length} file(s) ===`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${suite.concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/test-counter.mjs',
      `--test-reporter-destination=${countFile}`,
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, SIA_TEST_SUITE: name } },
  );
  let counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  try {
    counts = JSON.parse(readFileSync(countFile, 'utf8').trim().split('\n').pop());
  } catch {
    counts.failed = 1;
    counts.failures = [`${name}: the test runner produced no result (exit ${result.status})`];
  }
  if (result.status !== 0 && counts.failed === 0) {
    counts.failed = 1;
    counts.failures.push(`${name}: runner exited ${result.status} (a file failed to load?)`);
  }
  console.log(
    `--- ${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  failures.push(...counts.failures);
}
if (failures.length > 0) console.log(`\nFailures:\n  ${failures.join('\n  ')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
