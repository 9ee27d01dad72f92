import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDuration,
  refusalMessage,
  type RefusalLimits,
} from '../../../../server-emulator/auth/refusals.ts';

const limits: RefusalLimits = {
  maxSessionsPerAddress: 10,
  maxFailedLogins: 5,
  failWindowMs: 5 * 60_000,
  banMs: 15 * 60_000,
  maxConnections: 256,
  loginTimeoutMs: 30_000,
};

describe('refusal messages name the limit and its value (issue 14)', () => {
  it('formats durations as a person reads them', () => {
    assert.equal(formatDuration(500), '500 ms');
    assert.equal(formatDuration(30_000), '30 s');
    assert.equal(formatDuration(1500), '2 s');
    assert.equal(formatDuration(15 * 60_000), '15 min');
    assert.equal(formatDuration(3_600_000), '1 h');
    assert.equal(formatDuration(61_000), '2 min');
  });
  it('says which limit refused the connection and what to do', () => {
    assert.equal(
      refusalMessage({ kind: 'per-address' }, limits),
      'too many sessions from your address: the limit is 10 at once; close one and try again',
    );
    assert.equal(
      refusalMessage({ kind: 'total' }, limits),
      'the server is at its limit of 256 connections at once; try again later',
    );
    assert.equal(
      refusalMessage({ kind: 'login-timeout' }, limits),
      'no login within 30 s (the login time limit); connect again and log in',
    );
    assert.equal(
      refusalMessage({ kind: 'banned', untilMs: 10 * 60_000, nowMs: 0 }, limits),
      'your address is banned for 15 min after 5 failed logins within 5 min; try again in 10 min',
    );
  });
});
