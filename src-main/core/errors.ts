/**
 * An error a user can act on: the message is one sentence naming the thing, what was expected and what
 * to do. Hosts show it as is (CLI: one line and a non-zero exit; HTTP: 4xx with the message).
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** not_found | invalid | conflict: hosts map it to an exit code or HTTP status. */
    readonly kind: 'not_found' | 'invalid' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
