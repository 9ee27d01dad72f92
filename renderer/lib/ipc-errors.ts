/**
 * Turns an `IpcError` into what the user reads: the main side's message (already plain words)
 * plus, per code, what to try next. The one place the renderer maps error codes to text. std.
 */
import type { IpcError, IpcErrorCode } from '../../core/ipc/result.ts';

const hints: Partial<Record<IpcErrorCode, string>> = {
  refused: 'Check the host name and port, and that a firewall lets the connection through.',
  timeout: 'The server did not answer in time. Check the host name, port and your network.',
  dns: 'The host name could not be found. Check its spelling.',
  'auth-failed': 'Check the user name and password (or key). Credentials may have expired.',
  'permission-denied': 'The login works but may not write here. Check it is the right account.',
  'host-key-changed':
    'The server’s identity changed. Do not continue unless the platform confirms a new key.',
  'host-key-rejected': 'The server’s identity was not accepted, so nothing was sent.',
  'folder-missing': 'The platform’s folders are not there. Check the platform (mode) of this site.',
  'no-space': 'The server is out of space. Try again later or contact the platform.',
  'too-large': 'The file is over the platform’s size limit. Split it into smaller files.',
  interrupted: 'The connection dropped. Try again: nothing half-sent is left on the server.',
  'keychain-unavailable': 'The system keychain is locked or missing. Choose “ask every time”.',
  'secret-required': 'Enter the password for this site.',
  duplicate: 'This exact file was uploaded before.',
};

/**
 * The message plus its code's hint, saying each thing once: the hint is the advice for a message
 * that gives none, so a message that already says what to do ("Check them", "Choose “ask every
 * time”") is shown as it is, and a hint sentence the message already holds (whatever its quote
 * marks) is left out.
 */
export function describeError(error: IpcError): string {
  const hint = hints[error.code];
  if (!hint || givesAdvice(error.message)) return error.message;
  const said = plain(error.message);
  const rest = hint.split(/(?<=[.!?])\s+/).filter((sentence) => !said.includes(plain(sentence)));
  return rest.length === 0 ? error.message : `${error.message} ${rest.join(' ')}`;
}

/**
 * A sentence (or a clause after `;`) that opens with an instruction, as the main side words its
 * advice; "The check failed" is no instruction.
 */
const instruction =
  /(?:^|[.!?;]\s+)["“‘']?(?:check|choose|enter|try|ask|start|unlock|split|type|fetch|compare|confirm|do not|don[’']t|run|pick|give|wait|contact|forget|accept|install|make sure)\b/i;

/** Whether the message already tells the user what to do. */
export function givesAdvice(message: string): boolean {
  return instruction.test(message);
}

/** Text compared for sameness: one kind of quote mark, one space, no case. */
function plain(text: string): string {
  return text.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'").replace(/\s+/g, ' ').toLowerCase();
}
