import { InputError } from "../shared/input-error.js";

/**
 * A mistake in how the command was called: printed without a stack, exit code 2. An InputError
 * of its own, so that `main` answers both the same way.
 */
export class UsageError extends InputError {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
