/** The states around data: loading, an error inline, and empty states that say what to do next */
import type { ComponentChildren, JSX } from "preact";
import { ApiError } from "../api.js";
import { useSession } from "../context.js";

export function Loading({ what = "Loading" }: { what?: string }): JSX.Element {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {what}…
    </p>
  );
}

/** an error where the data would be; the server's own message when it sent one */
export function ErrorNote({ error, retry }: { error: Error; retry?: () => void }): JSX.Element {
  const hint =
    error instanceof ApiError && error.status === 404 && error.type === "not_found_error" && /no route/.test(error.message)
      ? " This server does not have that API yet: update Tokenomics."
      : error instanceof ApiError && error.status === 403
        ? " Sign in with the admin token to see this."
        : error instanceof TypeError
          ? " Is `tokenomics serve` running?"
          : "";
  return (
    <div class="note error" role="alert">
      <strong>Could not load this.</strong> {error.message}
      {hint}
      {retry && (
        <button type="button" class="link-button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }): JSX.Element {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** the empty ledger: what a newcomer runs to see something */
export function NoUsageYet(): JSX.Element {
  const { me } = useSession();
  if (me && !me.admin)
    return (
      <Empty title="No calls with this key yet">
        <p>
          A key sees only the calls made with it. Point your SDK at this server's <code>/v1</code> with the key as its API key, or sign out and sign in with the
          admin token to see all spend.
        </p>
      </Empty>
    );
  return (
    <Empty title="No usage yet">
      <p>
        Run <code>tokenomics demo</code> for a realistic synthetic month, or bring your own: <code>tokenomics import claude-code</code>,{" "}
        <code>tokenomics import openai responses.jsonl</code>, or point your SDK at this server's <code>/v1</code> with a key from{" "}
        <code>tokenomics keys create</code>.
      </p>
    </Empty>
  );
}

/** a period with nothing in it, in a ledger that has data elsewhere */
export function NothingInPeriod({ last }: { last?: string | null | undefined }): JSX.Element {
  return (
    <Empty title="Nothing recorded in this period">
      <p>
        Pick another period or remove a filter.
        {last ? ` The last event in the ledger is from ${last.slice(0, 10)}.` : ""}
      </p>
    </Empty>
  );
}
