import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseList } from 'basic-ftp';
import { epsvPort, isUnroutable, pasvTarget } from '../../../engine/transport/ftps/passive.ts';
import {
  entriesOf,
  listDateMs,
  parseMdtm,
  parseMlstFacts,
} from '../../../engine/transport/ftps/connect.ts';
import { ftpError } from '../../../engine/transport/ftps/ftp-errors.ts';
import { trustVerdict } from '../../../engine/transport/trust.ts';
import { normalizeFingerprint } from '../../../engine/fingerprint.ts';
import { defaultPort, parseRemoteAddress } from '../../../engine/transport/dial.ts';

// Issue 11 (contract §12): the pure parts of the FTPS client.
describe('FTPS passive replies', () => {
  it('uses the PASV address when it is routable or the control host itself', () => {
    assert.deepEqual(
      pasvTarget('227 Entering Passive Mode (203,0,113,9,156,64).', '198.51.100.7'),
      {
        host: '203.0.113.9',
        port: 156 * 256 + 64,
      },
    );
    assert.deepEqual(pasvTarget('227 Entering Passive Mode (10,0,0,5,4,1)', '10.0.0.5'), {
      host: '10.0.0.5',
      port: 1025,
    });
  });
  it('replaces a private or unroutable PASV address that differs from the control host', () => {
    for (const inside of [
      '10,1,2,3',
      '192,168,0,10',
      '172,20,1,1',
      '127,0,0,1',
      '0,0,0,0',
      '169,254,3,3',
      '100,64,0,1',
    ]) {
      assert.deepEqual(
        pasvTarget(`227 Entering Passive Mode (${inside},200,10)`, '203.0.113.9'),
        { host: '203.0.113.9', port: 200 * 256 + 10 },
        inside,
      );
    }
    assert.deepEqual(pasvTarget('227 (10,1,2,3,0,21)', '::ffff:203.0.113.9'), {
      host: '203.0.113.9',
      port: 21,
    });
  });
  it('refuses unreadable PASV replies and reads EPSV ports', () => {
    assert.equal(pasvTarget('227 Entering Passive Mode', '1.2.3.4'), undefined);
    assert.equal(pasvTarget('227 (300,1,2,3,4,5)', '1.2.3.4'), undefined);
    assert.equal(epsvPort('229 Entering Extended Passive Mode (|||6446|)'), 6446);
    assert.equal(epsvPort('229 Entering Extended Passive Mode (!!!6446!)'), 6446);
    assert.equal(epsvPort('229 Entering Extended Passive Mode (|||99999|)'), undefined);
    assert.equal(epsvPort('229 nonsense'), undefined);
  });
  it('knows the reserved IPv4 ranges', () => {
    assert.equal(isUnroutable('172.15.0.1'), false);
    assert.equal(isUnroutable('172.31.0.1'), true);
    assert.equal(isUnroutable('8.8.8.8'), false);
    assert.equal(isUnroutable('::1'), false);
  });
});

describe('FTPS listings', () => {
  const now = new Date(Date.UTC(2026, 11, 3, 12, 0));
  it('reads Unix and DOS LIST dates as UTC, last year when in the future', () => {
    assert.equal(listDateMs('Dec 03 10:15', now), Date.UTC(2026, 11, 3, 10, 15));
    assert.equal(listDateMs('Dec 24 10:15', now), Date.UTC(2025, 11, 24, 10, 15));
    assert.equal(listDateMs('Jan  5  2024', now), Date.UTC(2024, 0, 5));
    assert.equal(listDateMs('12-03-26  01:29PM', now), Date.UTC(2026, 11, 3, 13, 29));
    assert.equal(listDateMs('12-03-2026  00:05', now), Date.UTC(2026, 11, 3, 0, 5));
    assert.equal(listDateMs('yesterday', now), 0);
  });
  it('turns Unix, DOS and MLSD listings into entries without . and ..', () => {
    const unix = [
      'drwxr-xr-x    2 1001     65534        4096 Dec 03 13:29 Success',
      '-rw-r--r--    1 1001     65534     5000000 Dec 03 13:30 leads 1.csv',
      'drwxr-xr-x    2 1001     65534        4096 Dec 03 13:29 .',
    ].join('\r\n');
    const e = entriesOf(parseList(unix));
    assert.deepEqual(
      e.map((x) => [x.name, x.size, x.isDirectory]),
      [
        ['Success', 4096, true],
        ['leads 1.csv', 5000000, false],
      ],
    );
    const dos = entriesOf(
      parseList(
        '12-03-26  01:29PM       <DIR>          New\r\n12-03-26  01:30PM              1234 a.csv',
      ),
    );
    assert.deepEqual(
      dos.map((x) => [x.name, x.size, x.isDirectory]),
      [
        ['New', 0, true],
        ['a.csv', 1234, false],
      ],
    );
    const mlsd = entriesOf(
      parseList(
        'type=cdir;modify=20261203120000; .\r\ntype=file;size=12;modify=20261203123456.500; x.csv\r\ntype=dir;modify=20261203120000; Failed',
      ),
    );
    assert.deepEqual(
      mlsd.map((x) => [x.name, x.size, x.isDirectory, x.mtimeMs]),
      [
        ['x.csv', 12, false, Date.UTC(2026, 11, 3, 12, 34, 56, 500)],
        ['Failed', 0, true, Date.UTC(2026, 11, 3, 12, 0)],
      ],
    );
  });
  it('reads MDTM and MLST replies', () => {
    assert.equal(parseMdtm('20261203123456'), Date.UTC(2026, 11, 3, 12, 34, 56));
    assert.equal(parseMdtm('junk'), undefined);
    assert.deepEqual(
      parseMlstFacts(
        '250-Listing /x.csv\r\n type=file;size=42;modify=20261203000000; /x.csv\r\n250 End',
      ),
      { size: 42, mtimeMs: Date.UTC(2026, 11, 3), isDirectory: false },
    );
    assert.equal(parseMlstFacts('250 nothing'), undefined);
  });
});

describe('FTPS errors and trust', () => {
  it('maps FTP replies to plain errors', () => {
    const reply = (code: number, message: string): Error & { code: number } =>
      Object.assign(new Error(message), { code });
    assert.equal(ftpError(reply(550, '550 Failed to open file.'), 'x').code, 'not-found');
    assert.equal(ftpError(reply(550, '550 Permission denied.'), 'x').code, 'permission-denied');
    assert.equal(ftpError(reply(553, '553 Could not create file.'), 'x').code, 'permission-denied');
    assert.equal(ftpError(reply(452, '452 Insufficient storage'), 'x').code, 'no-space');
    const reuse = ftpError(reply(522, '522 SSL connection failed: session reuse required'), 'x');
    assert.equal(reuse.ftpsProblem, 'session-reuse');
    assert.equal(
      ftpError(reply(425, "425 Can't open data connection."), 'x').ftpsProblem,
      'passive-blocked',
    );
    assert.equal(
      ftpError(reply(426, '426 Failure writing network stream.'), 'x').code,
      'interrupted',
    );
    assert.equal(ftpError(new Error('Timeout (control socket)'), 'x').code, 'timeout');
    assert.equal(ftpError(new Error('read ECONNRESET'), 'x').code, 'interrupted');
  });
  it('fingerprints are compared without padding; CA trust wins; changed blocks', () => {
    const fp = 'SHA256:RfpZtf0kERavAfTD/HGWIW3ixmdGXVNU8RJ16d81+YE';
    assert.equal(normalizeFingerprint(`${fp}=`), fp);
    assert.equal(normalizeFingerprint(`sha256:${fp.slice(7)}`), fp);
    const seen = (caTrusted: boolean) => ({ caTrusted, fingerprint: fp });
    assert.deepEqual(trustVerdict(seen(true), [{ fingerprint: 'SHA256:other' }], false), {
      kind: 'trusted',
      trust: 'ca',
    });
    assert.deepEqual(trustVerdict(seen(false), [{ fingerprint: `${fp}=` }], false), {
      kind: 'trusted',
      trust: 'known',
    });
    assert.equal(
      trustVerdict(seen(false), [{ fingerprint: 'SHA256:other' }], true).kind,
      'changed',
    );
    assert.equal(trustVerdict(seen(false), [], true).kind, 'ask');
    assert.equal(trustVerdict(seen(false), [], false).kind, 'unknown');
  });
});

describe('addresses people paste', () => {
  it('reads ftps://, ftpes://, sftp://, host:port and bare hosts', () => {
    const v = (t: string) => {
      const r = parseRemoteAddress(t);
      assert.ok(r.ok, t);
      return r.value;
    };
    assert.deepEqual(v('ftps://ftp.spotio2.com'), {
      protocol: 'ftps',
      host: 'ftp.spotio2.com',
      port: 990,
      guessed: false,
    });
    assert.deepEqual(v(' ftpes://ann@example.com:2121/Leads '), {
      protocol: 'ftpes',
      host: 'example.com',
      port: 2121,
      username: 'ann',
      guessed: false,
    });
    assert.equal(v('sftp://h').port, 22);
    assert.deepEqual(v('example.com:990'), {
      protocol: 'ftps',
      host: 'example.com',
      port: 990,
      guessed: true,
    });
    assert.deepEqual(v('example.com'), {
      protocol: 'sftp',
      host: 'example.com',
      port: 22,
      guessed: true,
    });
    assert.equal(v('[::1]:21').host, '::1');
    for (const bad of ['ftp://x.com', 'http://x.com', '', 'a b']) {
      assert.equal(parseRemoteAddress(bad).ok, false, bad);
    }
    assert.equal(defaultPort('ftpes'), 21);
  });
});
