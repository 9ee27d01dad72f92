// A node:test reporter that writes one JSON line {passed, failed, skipped} at the end, counting
// tests only (not describe blocks), so scripts/run-tests.mjs can sum every suite.
export default async function* counter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    const data = event.data;
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (data.skip || data.todo) skipped++;
      else passed++;
    } else {
      failed++;
      failures.push(`${data.file ?? ''} :: ${data.name}`);
    }
  }
  yield `${JSON.stringify({ passed, failed, skipped, failures })}\n`;
}
