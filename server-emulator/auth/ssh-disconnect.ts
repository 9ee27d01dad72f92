/**
 * Ends an ssh2 server connection with an SSH_MSG_DISCONNECT that carries a description
 * (RFC 4253 §11.1). ssh2's own `end()` always sends an empty description, so a refused client saw
 * no reason (issue 14); OpenSSH prints ours as "Received disconnect from …: <code>: <reason>".
 * Builds the packet with ssh2's packet writer, as its `Protocol.disconnect` does (ssh2 1.17
 * internals, plaintext before key exchange, encrypted after); without them it falls back to
 * `end()`. node.
 */
import type { Connection } from 'ssh2';

type PacketWriter = {
  allocStartKEX: number;
  alloc(len: number, forceNormal?: boolean): Buffer;
  finalize(packet: Buffer, forceNormal?: boolean): Buffer;
};
type ProtocolInternals = {
  _packetRW?: { write?: PacketWriter };
  _cipher?: { encrypt(packet: Buffer): void };
};
type ConnectionInternals = { _protocol?: ProtocolInternals; _sock?: { writable?: boolean } };

const MSG_DISCONNECT = 1;

/** Sends DISCONNECT(code, reason) and closes; returns false when only `end()` could be used. */
export function disconnectWithReason(client: Connection, code: number, reason: string): boolean {
  const internals = client as unknown as ConnectionInternals;
  const proto = internals._protocol;
  const writer = proto?._packetRW?.write;
  const cipher = proto?._cipher;
  if (!writer || !cipher || internals._sock?.writable === false) {
    client.end();
    return false;
  }
  const desc = Buffer.from(reason.slice(0, 400), 'utf8');
  const len = 1 + 4 + 4 + desc.length + 4;
  let p = writer.allocStartKEX;
  const packet = writer.alloc(len, true);
  packet[p] = MSG_DISCONNECT;
  packet.writeUInt32BE(code, ++p);
  packet.writeUInt32BE(desc.length, (p += 4));
  packet.set(desc, (p += 4));
  packet.writeUInt32BE(0, p + desc.length); // language tag: empty
  try {
    cipher.encrypt(writer.finalize(packet, true));
  } catch {
    client.end();
    return false;
  }
  // end() would send a second, empty DISCONNECT first; close the socket instead.
  (client as unknown as { _sock?: { end(): void } })._sock?.end();
  return true;
}
