/**
 * The renderer side's check of every pushed event against its schema in `eventContract`, so a
 * page never acts on a malformed push (a main-side bug, or a frame that is not ours on the web
 * host's socket). An invalid one is dropped and logged by event name, field path and problem
 * code only: never a value, which may be anything (even a secret sent by mistake).
 * std: runs in the sandboxed preload, the browser and Node.
 */
import { eventContract, isEventChannel } from './contract.ts';

/** Where dropped events are reported (console.warn in the shells, a list in tests). */
export type EventLog = (message: string) => void;

/**
 * The checked payload (fields outside the schema stripped), or undefined after logging why it
 * was dropped. Every event's payload is an object, so undefined always means "dropped".
 */
export function checkEvent(event: string, payload: unknown, log: EventLog): object | undefined {
  if (!isEventChannel(event)) {
    log(`Dropped a pushed event on an unknown channel "${clip(event)}".`);
    return undefined;
  }
  const parsed = eventContract[event].safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map((p) => clip(String(p))).join('.') || '(payload)'}: ${i.code}`)
    .join('; ');
  log(`Dropped an invalid "${event}" event (${problems}).`);
  return undefined;
}

function clip(text: string): string {
  const oneLine = text.replace(/[\r\n\t]/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
}
