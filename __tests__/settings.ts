import { environmentConfigSchema } from '../stacks/config';

/** The leaf paths of a zod object schema (a record, an enum, a string…), dot-joined. */
function leafPaths(schema: any, at = ''): string[] {
  const def = schema._zod.def;
  if (def.type === 'optional') return leafPaths(def.innerType, at);
  if (def.type === 'object') return Object.entries(def.shape).flatMap(([k, v]) => leafPaths(v, at ? `${at}.${k}` : k));
  return [at];
}

/**
 * The settings of stacks/config.ts, sorted: every field, with `<service>.resources`
 * as one setting (requests and limits go together).
 */
export function configSettings(): string[] {
  const paths = leafPaths(environmentConfigSchema).map((p) => p.replace(/\.resources\..*$/, '.resources'));
  return [...new Set(paths)].sort();
}
