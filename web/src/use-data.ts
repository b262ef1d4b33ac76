/**
 * Data for a component: runs a fetch when its inputs change, aborts the one it replaces, and
 * gives loading / error / data for the three states every view shows.
 */
import { useLayoutEffect, useState } from "preact/hooks";

export interface Data<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

/**
 * `load` runs whenever `key` changes (a string of everything it depends on); `skip` holds it
 * @example const report = useData(`r:${from}`, (signal) => api.report({ from }, signal));
 */
export function useData<T>(key: string, load: (signal: AbortSignal) => Promise<T>, skip = false): Data<T> {
  const [state, setState] = useState<Data<T> & { key: string | null }>({ data: undefined, error: undefined, loading: !skip, key: null });
  // a layout effect: the request leaves as the component commits, not a frame later
  useLayoutEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    setState((s) => (s.loading && !s.error ? s : { ...s, loading: true, error: undefined }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false, key });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: undefined, error: error instanceof Error ? error : new Error(String(error)), loading: false, key });
      },
    );
    return () => controller.abort();
  }, [key, skip]); // `key` stands for everything `load` reads
  // a stale answer (for the previous key) still shows while the new one loads, marked loading
  const stale = state.key !== key;
  return { data: state.data, error: state.error, loading: !skip && (state.loading || stale) };
}
