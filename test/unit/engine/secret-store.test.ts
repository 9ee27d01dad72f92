import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isKeychainGone } from '../../../engine/secret-store.ts';

describe('which keychain failures are asked again', () => {
  it('asks again when D-Bus says the Secret Service went away mid-call', () => {
    for (const text of [
      // @napi-rs/keyring, gnome-keyring killed with a read unanswered (test/integration/engine/secrets.test.ts)
      'Error: Platform failure: DBus error: Message recipient disconnected from message bus without replying',
      'org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
      'org.freedesktop.DBus.Error.NoReply: Did not receive a reply',
    ]) {
      assert.equal(isKeychainGone(text), true, text);
    }
  });

  it('does not ask again when the keychain refused or the user said no', () => {
    for (const text of [
      "Couldn't access platform secure storage: prompt dismissed",
      'Platform secure storage failure: User canceled the operation.',
      'Platform secure storage failure: The user name or passphrase you entered is not correct.',
      'No matching entry found in secure storage',
      'no answer within 10 s',
    ]) {
      assert.equal(isKeychainGone(text), false, text);
    }
  });
});
