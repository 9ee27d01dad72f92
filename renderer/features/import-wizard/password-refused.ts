/**
 * A typed ("not saved") password the server refused: the password prompt comes back in place
 * with this message, and the step goes on with the new one — never a retry with the old one
 * (issue 13). Decided by the error code (`auth-failed`), not the message's words. Pure. std.
 */
/** What the prompt says when it comes back. */
export const passwordRefusedText = 'The server refused this password. Type it again.';

/** Whether a failure with `code` means the password the user typed for this import was wrong. */
export function passwordRefused(code: string | undefined, typed: boolean): boolean {
  return typed && code === 'auth-failed';
}
