/** The pending host-key prompt table: answered, timed out (as cancel), or cancelled at shutdown. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHostKeyPrompts } from '../../../host/host-key-prompts.ts';
import type { Emit } from '../../../host/host-deps.ts';

const key = { host: 'sftp.example', port: 22, type: 'ssh-ed25519', fingerprint: 'SHA256:abc' };

function setup(timeoutMs = 60_000) {
  const events: { event: string; payload: Record<string, unknown> }[] = [];
  let n = 0;
  const emit: Emit = (event, payload) => events.push({ event, payload: payload });
  const prompts = createHostKeyPrompts({
    emit,
    clock: () => 1000,
    timeoutMs,
    newId: () => `p${++n}`,
  });
  return { prompts, events };
}

describe('createHostKeyPrompts', () => {
  it('pushes the key to the page and resolves with the user’s answer', async () => {
    const { prompts, events } = setup();
    const decision = prompts.ask(key);
    assert.deepEqual(events[0], {
      event: 'hostkey:prompt',
      payload: {
        promptId: 'p1',
        host: 'sftp.example',
        port: 22,
        keyType: 'ssh-ed25519',
        fingerprint: 'SHA256:abc',
        expiresAt: 61_000,
      },
    });
    assert.equal(prompts.pending(), 1);
    assert.equal(prompts.answer('p1', 'once'), true);
    assert.equal(await decision, 'once');
    assert.deepEqual(events[1], {
      event: 'hostkey:prompt-closed',
      payload: { promptId: 'p1', decision: 'once' },
    });
    assert.equal(prompts.pending(), 0);
  });

  it('tells a changed key with both fingerprints, without waiting, and closes on the answer', () => {
    const { prompts, events } = setup();
    prompts.notifyChanged({ ...key, previousFingerprint: 'SHA256:old' });
    assert.deepEqual(events[0]?.payload, {
      promptId: 'p1',
      host: 'sftp.example',
      port: 22,
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:abc',
      previousFingerprint: 'SHA256:old',
      expiresAt: 61_000,
    });
    assert.equal(prompts.answer('p1', 'cancel'), true);
    assert.deepEqual(events[1], {
      event: 'hostkey:prompt-closed',
      payload: { promptId: 'p1', decision: 'cancel' },
    });
    assert.equal(prompts.pending(), 0);
  });

  it('refuses an unknown or second answer', async () => {
    const { prompts } = setup();
    const decision = prompts.ask(key);
    assert.equal(prompts.answer('nope', 'accept'), false);
    assert.equal(prompts.answer('p1', 'cancel'), true);
    assert.equal(prompts.answer('p1', 'accept'), false);
    assert.equal(await decision, 'cancel');
  });

  it('counts an unanswered prompt as cancel after the timeout and says it timed out', async () => {
    const { prompts, events } = setup(20);
    assert.equal(await prompts.ask(key), 'cancel');
    assert.deepEqual(events.at(-1), {
      event: 'hostkey:prompt-closed',
      payload: { promptId: 'p1', decision: 'timeout' },
    });
    assert.equal(prompts.answer('p1', 'accept'), false);
  });

  it('cancels every waiting prompt at shutdown', async () => {
    const { prompts } = setup();
    const a = prompts.ask(key);
    const b = prompts.ask({ ...key, port: 2222 });
    prompts.cancelAll();
    assert.deepEqual(await Promise.all([a, b]), ['cancel', 'cancel']);
    assert.equal(prompts.pending(), 0);
  });
});
