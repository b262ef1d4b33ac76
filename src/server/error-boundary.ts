/**
 * One error boundary around every handler of `serve`: a throw or a rejected promise answers the
 * request with a JSON error, never the process. Nothing of the error reaches the client; the log
 * gets it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The handler, guarded: a URIError (a URL that does not decode) is a 400, anything else a 500,
 * as `{"error": {"type", "message"}}`. An answer already under way is cut instead.
 *
 * @example
 * http.createServer(guarded((req, res) => route(req, res), (line) => console.error(line)));
 */
export function guarded(handler: Handler, log: (line: string) => void = () => undefined): Handler {
  const fail = (req: IncomingMessage, res: ServerResponse, err: unknown): void => {
    const bad = err instanceof URIError;
    if (!bad) log(`${req.method ?? "?"} ${(req.url ?? "").slice(0, 200)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (res.headersSent || res.destroyed) return void res.destroy();
    const body = JSON.stringify({
      error: bad ? { type: "invalid_request_error", message: "the request's URL is malformed" } : { type: "api_error", message: "internal error" },
    });
    try {
      res.writeHead(bad ? 400 : 500, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
      res.end(body);
    } catch {
      res.destroy();
    }
  };
  return (req, res) => {
    try {
      const done = handler(req, res);
      if (done instanceof Promise) done.catch((err: unknown) => fail(req, res, err));
    } catch (err) {
      fail(req, res, err);
    }
  };
}
