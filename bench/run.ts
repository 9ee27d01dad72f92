/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process (so each one's peak RSS is its
 * own), one after another. Each prints its figures and ratios against a reference measured in the
 * same run. Pass names to run a subset: `npm run bench -- csv kml`; options go on to each
 * (`npm run bench -- engine-upload --mb=64`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Names pick benchmarks; anything starting with `--` goes on to each of them (`--mb=64`).
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const options = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n##### ${file}`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', join(here, file), ...options],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmark(s) ran, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
