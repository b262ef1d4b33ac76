/**
 * The upstream's answer, relayed to the client as it arrives, its usage read on the way past:
 * a stream's events go through the stream meter (less the usage chunk the gateway asked for and
 * the client did not), a whole answer is kept, up to the body limit, to be metered at its end.
 */
import type { ServerResponse } from "node:http";
import { meterBody, type StreamMeter, type Metered } from "./meter.js";
import type { Endpoint } from "./routes.js";
import { SseSplitter } from "./sse.js";

const DROP_RESPONSE = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);

export class ResponseRelay {
  readonly isStream: boolean;
  readonly ok: boolean;
  private readonly sse: SseSplitter | undefined;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  // a whole answer's latest chunk, written only with the end: a client that counts its
  // content-length must not have the complete answer before the call is spooled
  private held: Buffer | undefined;

  /** writes the answer's status and headers */
  constructor(
    private readonly res: ServerResponse,
    readonly status: number,
    headers: Record<string, string | string[]>,
    private readonly endpoint: Endpoint,
    private readonly meter: StreamMeter | undefined,
    private readonly hideUsageChunk: boolean,
    private readonly maxBodyBytes: number,
  ) {
    const contentType = headers["content-type"];
    this.isStream = (Array.isArray(contentType) ? contentType.join(",") : (contentType ?? "")).includes("text/event-stream");
    this.ok = status >= 200 && status < 300;
    this.sse = this.isStream && meter ? new SseSplitter() : undefined;
    const out: Record<string, string | string[]> = {};
    for (const name in headers) if (!DROP_RESPONSE.has(name)) out[name] = headers[name]!;
    const length = headers["content-length"];
    if (!this.isStream && length !== undefined) out["content-length"] = length;
    res.writeHead(status, out);
  }

  /** one chunk of the answer, metered and written; false when the client is not keeping up */
  write(chunk: Buffer): boolean {
    let out: Buffer = chunk;
    const { sse, meter } = this;
    if (sse && meter) {
      const events = sse.push(chunk);
      if (this.hideUsageChunk) {
        // whole events only, less the usage chunk the gateway asked for; a partial event waits for its end
        const kept: Buffer[] = [];
        for (const e of events) if (!(e.data !== undefined && meter.onData(e.data))) kept.push(e.raw);
        out = kept.length === 1 ? kept[0]! : Buffer.concat(kept);
      } else {
        for (const e of events) if (e.data !== undefined) meter.onData(e.data);
      }
    } else if (!this.isStream && this.ok && this.endpoint !== "request" && this.size <= this.maxBodyBytes) {
      // an answer too big to read is passed on, its usage estimated
      this.size += chunk.length;
      this.chunks.push(chunk);
    }
    if (!this.isStream) {
      const previous = this.held;
      this.held = out;
      return previous === undefined || this.res.write(previous);
    }
    return out.length === 0 || this.res.write(out);
  }

  /** the answer's last bytes and its end (once the call is recorded) */
  end(): void {
    const last = this.held;
    this.held = undefined;
    if (last === undefined) this.res.end();
    else this.res.end(last);
  }

  /** the answer is complete: what it reported (bytes of an unfinished last event held back go to the client as sent) */
  finish(): Metered | undefined {
    if (this.sse && this.hideUsageChunk && this.sse.remainder.length > 0) this.res.write(this.sse.remainder);
    if (!this.isStream && this.ok && this.size <= this.maxBodyBytes && this.chunks.length > 0) {
      try {
        return meterBody(this.endpoint, JSON.parse((this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)).toString("utf8")));
      } catch {
        return undefined;
      }
    }
    return this.meter?.metered;
  }
}
