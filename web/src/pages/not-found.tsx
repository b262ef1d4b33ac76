import type { JSX } from "preact";
import { Link } from "../router.js";

export function NotFound(): JSX.Element {
  return (
    <section data-page="not-found" data-ready="true">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link href="/">Back to the start</Link>.
      </p>
    </section>
  );
}
