/**
 * Child process for the restart-safety test: lays out the demo workspaces in the data dir given
 * as argv[2], runs one processing cycle and exits 0 — unless EMU_CRASH_AT makes it exit 137
 * midway. node, tests only.
 */
import { createProcessor } from '../../../../server-emulator/processing/processor.ts';
import { setUpWorkspaces } from '../../../../server-emulator/config/workspace-setup.ts';
import { demoWorkspaces } from './harness.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-runner <dataDir>');
const workspaces = await setUpWorkspaces(dataDir, demoWorkspaces);
const processor = createProcessor({
  dataDir,
  workspaces,
  clock: Date.now,
  isOpenForWrite: () => false,
});
const report = await processor.runCycle();
await processor.close();
process.stdout.write(JSON.stringify(report.files) + '\n');
process.exit(report.problems.length === 0 ? 0 : 1);
