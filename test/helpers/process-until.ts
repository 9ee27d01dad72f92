/**
 * Runs the emulator's processing cycle until a condition holds (a file is processed only once it
 * has been seen unchanged, contract §4, so one cycle may not be enough). node, tests only.
 */
export async function processUntil(
  emu: { processNow(): Promise<unknown> },
  what: string,
  done: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`no cycle got to: ${what}`);
    await emu.processNow();
    await new Promise((r) => setTimeout(r, 100));
  }
}
