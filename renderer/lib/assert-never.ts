/** Exhaustiveness guard for `switch` over a discriminated union. std. */

/** Throws when reached: the type checker proves it never is. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
