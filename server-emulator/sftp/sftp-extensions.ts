/**
 * OpenSSH protocol extensions ssh2's SFTP server does not announce. ssh2 sends a fixed VERSION
 * packet with no extensions, so this rewrites that one packet on its way out to announce
 * `posix-rename@openssh.com` (served by sftp-session.ts; OpenSSH's `rename` then replaces an
 * existing name atomically). `limits@openssh.com` is answered if asked but not announced: with
 * it OpenSSH's client sends 255 KiB WRITEs, which measured slower here than its 32 KiB default
 * (bench/emulator-sftp.bench.ts). Raw packets go through the channel with its window counted, and
 * so do lines for the client's stderr (OpenSSH's `sftp` prints a server's stderr, while it shows
 * only the status code's generic text of a refused request). node.
 */
import type { SFTPWrapper } from 'ssh2';

/** What the emulator accepts per packet (ssh2's SFTP parser takes packets up to 256 KiB). */
export const sftpLimits = {
  maxPacketLength: 256 * 1024,
  maxReadLength: 255 * 1024,
  maxWriteLength: 255 * 1024,
  /** 0 = no limit announced. */
  maxOpenHandles: 0,
};

const SSH_FXP_VERSION = 2;
const SSH_FXP_EXTENDED_REPLY = 201;
const SSH_EXTENDED_DATA_STDERR = 1;
/** ssh2's VERSION packet: length 5, type VERSION, version 3, no extensions. */
const plainVersion = Buffer.from([0, 0, 0, 5, SSH_FXP_VERSION, 0, 0, 0, 3]);

type Internals = {
  _protocol: {
    channelData(id: number, data: Buffer): void;
    channelExtData(id: number, data: Buffer, type: number): void;
  };
  outgoing: { id: number; window: number; state: string };
};

/** The VERSION packet announcing the extensions. */
export function versionPacket(extensions: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.from([SSH_FXP_VERSION, 0, 0, 0, 3])];
  for (const [name, data] of Object.entries(extensions)) {
    parts.push(sshString(name), sshString(data));
  }
  const body = Buffer.concat(parts);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** The EXTENDED_REPLY to a `limits@openssh.com` request. */
export function limitsReply(reqid: number): Buffer {
  const buf = Buffer.alloc(4 + 1 + 4 + 4 * 8);
  buf.writeUInt32BE(buf.length - 4, 0);
  buf[4] = SSH_FXP_EXTENDED_REPLY;
  buf.writeUInt32BE(reqid >>> 0, 5);
  let p = 9;
  for (const v of [
    sftpLimits.maxPacketLength,
    sftpLimits.maxReadLength,
    sftpLimits.maxWriteLength,
    sftpLimits.maxOpenHandles,
  ]) {
    buf.writeBigUInt64BE(BigInt(v), p);
    p += 8;
  }
  return buf;
}

/**
 * Makes `sftp` announce the extensions in its VERSION packet. Call right after accepting the
 * subsystem, before the client's INIT arrives. Returns a sender for extended replies (false when
 * the channel cannot take it now; the caller then answers OP_UNSUPPORTED), and one for a line on
 * the client's stderr (false when the channel has no room for it; the line is then dropped).
 */
export function announceExtensions(sftp: SFTPWrapper): {
  sendRaw(packet: Buffer): boolean;
  sendStderr(line: string): boolean;
} {
  const inner = sftp as unknown as Internals;
  const proto = inner._protocol;
  const announced = versionPacket({ 'posix-rename@openssh.com': '1' });
  let versionSent = false;
  inner._protocol = new Proxy(proto, {
    get(target, prop, receiver) {
      if (prop === 'channelData') {
        return (id: number, data: Buffer): void => {
          if (!versionSent && data.equals(plainVersion)) {
            versionSent = true;
            // ssh2 counted 9 bytes against the client's window; count the longer packet.
            inner.outgoing.window -= announced.length - plainVersion.length;
            target.channelData(id, announced);
            return;
          }
          target.channelData(id, data);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return {
    sendRaw(packet) {
      const out = inner.outgoing;
      if (out.state !== 'open' || out.window < packet.length) return false;
      out.window -= packet.length;
      proto.channelData(out.id, packet);
      return true;
    },
    sendStderr(line) {
      const data = Buffer.from(line.endsWith('\n') ? line : line + '\n', 'utf8');
      const out = inner.outgoing;
      if (out.state !== 'open' || out.window < data.length) return false;
      out.window -= data.length;
      proto.channelExtData(out.id, data, SSH_EXTENDED_DATA_STDERR);
      return true;
    },
  };
}

function sshString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}
