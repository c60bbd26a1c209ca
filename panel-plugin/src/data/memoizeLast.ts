/**
 * Remembers the last call: Grafana re-renders a panel on every hover and resize, while the
 * frames and options only change when a query returns or an option is edited.
 */
export function memoizeLast<Args extends readonly unknown[], Result>(fn: (...args: Args) => Result): (...args: Args) => Result {
  let lastArgs: Args | undefined;
  let lastResult: Result;
  return (...args: Args) => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((arg, index) => Object.is(arg, args[index]))) return lastResult;
    lastResult = fn(...args);
    lastArgs = args;
    return lastResult;
  };
}
