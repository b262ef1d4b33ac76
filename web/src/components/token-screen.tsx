/** Asks for the admin token or a Tokenomics key when there is none, or the server refused it */
import type { JSX } from "preact";
import { useState } from "preact/hooks";

interface Props {
  refused: boolean;
  onToken: (token: string) => void;
}

export function TokenScreen({ refused, onToken }: Props): JSX.Element {
  const [value, setValue] = useState("");
  const submit = (e: Event): void => {
    e.preventDefault();
    if (value.trim() !== "") onToken(value.trim());
  };
  return (
    <main class="token-screen" data-page="token">
      <form class="card" onSubmit={submit}>
        <h1>Tokenomics</h1>
        <p>
          Sign in with the server's admin token (<code>TOKENOMICS_ADMIN_TOKEN</code>) to see all spend, or with a Tokenomics key (<code>tk-…</code>, from{" "}
          <code>tokenomics keys create</code>) to see that key's own.
        </p>
        {refused && (
          <p class="note error" role="alert">
            The server refused that token. Check it and try again.
          </p>
        )}
        <label for="token-input">Admin token or key</label>
        <input id="token-input" type="password" autoComplete="off" spellcheck={false} required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit" class="primary">
          Sign in
        </button>
        <p class="hint">
          The token is kept in this browser only. A link with <code>?token=…</code> signs in directly.
        </p>
      </form>
    </main>
  );
}
