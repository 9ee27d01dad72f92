/**
 * describeError says each piece of advice once (issue 13): a main-side message that already says
 * what to do gets no second hint, whatever its quote marks; a bare fact gets its code's hint.
 * The messages are the main side's own words (host/site-handlers.ts, engine/secret-store.ts,
 * engine/transport/sftp/connect.ts, engine/transport/ftps/dial.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ipcErrorCodes } from '../../../../core/util/result.ts';
import { describeError, givesAdvice } from '../../../../renderer/lib/ipc-errors.ts';

const count = (text: string, words: RegExp): number => text.match(words)?.length ?? 0;

describe('describeError', () => {
  it('a site not saved for want of a keychain says "ask every time" once', () => {
    const message =
      'The site is not saved yet: no keychain is available on this computer, so passwords cannot be saved safely. Choose “ask every time” and enter the password when you connect; it will not be written to disk.';
    const text = describeError({ code: 'keychain-unavailable', message });
    assert.equal(text, message);
    assert.equal(count(text, /ask every time/gi), 1);
  });

  it('an SFTP or FTPS login refused says "Check" once', () => {
    for (const message of [
      'Authentication failed: the server did not accept the user name and password for "acme". Check them; if they are right, fetch fresh credentials from the platform (they may have expired).',
      'Authentication failed: the server did not accept the user name and key for "acme". Check them; if they are right, fetch fresh credentials from the platform (they may have expired).',
    ]) {
      const text = describeError({ code: 'auth-failed', message });
      assert.equal(text, message);
      assert.equal(count(text, /\bcheck\b/gi), 1);
    }
  });

  it('a message that holds the hint with other quote marks is not extended', () => {
    // The hint has a typographic apostrophe (server’s), the message a straight one.
    const message = "Refused. The server's identity was not accepted, so nothing was sent.";
    assert.equal(describeError({ code: 'host-key-rejected', message }), message);
  });

  it('a bare fact gets its code’s hint, once', () => {
    const text = describeError({ code: 'interrupted', message: 'The connection dropped.' });
    assert.equal(
      text,
      'The connection dropped. Try again: nothing half-sent is left on the server.',
    );
    assert.equal(
      describeError({ code: 'auth-failed', message: 'The check of the login failed.' }),
      'The check of the login failed. Check the user name and password (or key). Credentials may have expired.',
    );
  });

  it('a code without a hint is the message alone', () => {
    assert.equal(describeError({ code: 'internal', message: 'Oops.' }), 'Oops.');
  });

  it('every hint, given as the message, is said once', () => {
    // Every code that has a hint, so a code added later is covered too.
    const codes = ipcErrorCodes.filter((code) => describeError({ code, message: '' }).trim());
    assert.ok(codes.length >= 14, `codes with a hint: ${codes.join(', ')}`);
    for (const code of codes) {
      const hint = describeError({ code, message: '' }).trim();
      assert.ok(hint.length > 0, `${code} has a hint`);
      assert.equal(describeError({ code, message: hint }), hint, code);
    }
  });
});

describe('givesAdvice', () => {
  it('finds an instruction at the start of a sentence or clause only', () => {
    assert.equal(givesAdvice('Check the port.'), true);
    assert.equal(givesAdvice('It failed; try again later.'), true);
    assert.equal(givesAdvice('Nothing was sent. “Choose” a file first.'), true);
    assert.equal(givesAdvice('Do not continue unless the platform confirms it.'), true);
    assert.equal(givesAdvice('The check failed, and the server asked for nothing.'), false);
    assert.equal(givesAdvice('The server refused the connection.'), false);
  });
});
