/**
 * The main side's single entry for renderer requests: checks the channel, validates the request
 * with the contract's zod schema and routes it to its handler. Never throws: an unknown channel
 * or a bad request is 'bad-request' (with zod's message), a throwing handler is 'internal'.
 * std: runs in Node and the browser (the web host and Electron's ipc-main both call it).
 */
import { invokeContract, isInvokeChannel, type InvokeHandlers } from './contract.ts';
import { fail, type IpcResult } from './result.ts';

/** Validate an untrusted request and route it to its handler. Never throws. */
export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  raw: unknown,
): Promise<IpcResult<unknown>> {
  if (typeof channel !== 'string' || !isInvokeChannel(channel)) {
    return fail('bad-request', `There is no channel "${describe(channel)}".`);
  }
  const parsed = invokeContract[channel].request.safeParse(raw);
  if (!parsed.success) {
    return fail('bad-request', `Bad request on ${channel}: ${parsed.error.message}`);
  }
  const handler = handlers[channel] as (request: unknown) => Promise<IpcResult<unknown>>;
  try {
    const result = await handler(parsed.data);
    if (!isResult(result)) return fail('internal', `The ${channel} handler returned no result.`);
    return result;
  } catch (error) {
    return fail(
      'internal',
      `Something went wrong in ${channel}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function isResult(value: unknown): value is IpcResult<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

function describe(channel: unknown): string {
  const text = typeof channel === 'string' ? channel : typeof channel;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
