/**
 * A caller's input is wrong: a flag, a query parameter or a body field that does not parse.
 * Thrown by code that both interfaces share (the ledger's query parsing, report shapes), so that
 * neither has to know the other: the CLI answers it with exit code 2, the HTTP API with a 400
 * whose JSON body carries the message. The message names the flag or parameter.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
