/**
 * Content hashes computed at synth time. They make image tags and release
 * inputs change exactly when the files behind them change
 * (kreuzwerker/terraform-provider-docker #302/#571, terraform-provider-helm #515).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import dockerignore from '@balena/dockerignore';

/** Paths below `root`, as sorted POSIX-style relative paths of regular files. */
export function listFiles(root: string, relDir = ''): string[] {
  const dir = path.join(root, relDir);
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(root, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

/**
 * SHA-256 over names and contents of `files` (relative to `root`), in sorted
 * order, plus any extra key/value inputs (e.g. build arguments).
 */
export function hashFiles(root: string, files: readonly string[], extra: Record<string, string> = {}): string {
  const hash = crypto.createHash('sha256');
  for (const rel of [...new Set(files)].sort()) {
    const content = fs.readFileSync(path.join(root, rel));
    hash.update(`file\0${rel}\0${content.length}\0`);
    hash.update(content);
  }
  for (const key of Object.keys(extra).sort()) hash.update(`extra\0${key}\0${extra[key]}\0`);
  return hash.digest('hex');
}

/** Hash of every file in a directory (e.g. the Helm chart). */
export function hashDirectory(dir: string): string {
  return hashFiles(dir, listFiles(dir));
}

/** Sources of the COPY/ADD instructions that read from the build context (not `--from` stages). */
export function contextSources(dockerfileText: string): string[] {
  const sources: string[] = [];
  // Join line continuations so each instruction is one line.
  const lines = dockerfileText.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    const match = /^(COPY|ADD)\s+(.*)$/i.exec(line);
    if (!match) continue;
    const rest = match[2].trim();
    const args: string[] = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
    const flags = args.filter((a) => a.startsWith('--'));
    if (flags.some((f) => f.startsWith('--from'))) continue;
    const operands = args.filter((a) => !a.startsWith('--'));
    sources.push(...operands.slice(0, -1));
  }
  return sources;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

/** True when `file` is `dir` itself or lies below it. */
function isAtOrBelow(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}/`);
}

/** Files in the build context that one COPY/ADD source names (a file, a directory, or a wildcard). */
function expandSource(contextFiles: readonly string[], source: string): string[] {
  const normalized = source.replace(/^\.\//, '').replace(/\/+$/, '');
  if (normalized === '' || normalized === '.') return [...contextFiles];
  if (!/[*?]/.test(normalized)) return contextFiles.filter((f) => isAtOrBelow(f, normalized));
  const re = wildcardToRegExp(normalized);
  // A wildcard may match a file or a directory whose contents are copied.
  return contextFiles.filter((f) => f.split('/').some((_, i, parts) => re.test(parts.slice(0, i + 1).join('/'))));
}

export interface ImageInputs {
  /** Relative paths (build-context root) of every file that goes into the image, sorted. */
  readonly files: string[];
  /** SHA-256 of those files and the build arguments. */
  readonly hash: string;
}

type IgnoreMatcher = (relPath: string) => boolean;

/**
 * Exactly the inputs of one image: the Dockerfile, the .dockerignore, and the
 * context files its COPY/ADD instructions name, minus what .dockerignore excludes.
 */
export function imageInputs(
  contextDir: string,
  dockerfile: string,
  buildArgs: Record<string, string> = {},
): ImageInputs {
  const dockerfileText = fs.readFileSync(path.join(contextDir, dockerfile), 'utf8');
  const ignorePath = path.join(contextDir, '.dockerignore');
  const hasIgnoreFile = fs.existsSync(ignorePath);
  const rules = hasIgnoreFile ? fs.readFileSync(ignorePath, 'utf8').split(/\r?\n/) : [];
  const matcher = dockerignore().add(rules);
  const exceptions = rules
    .map((r) => r.trim())
    .filter((r) => r.startsWith('!'))
    .map((r) => r.slice(1).replace(/^\/+/, ''));
  const ignored: IgnoreMatcher = (rel) => matcher.ignores(rel);
  // A folder may be skipped only if it is ignored and no `!exception` can re-include something below it.
  const prunable: IgnoreMatcher = (rel) => ignored(rel) && !exceptions.some((e) => couldMatchBelow(e, rel));
  const sources = contextSources(dockerfileText);
  const candidates = listContextFiles(contextDir, sources, ignored, prunable);
  const files = new Set<string>([dockerfile]);
  if (hasIgnoreFile) files.add('.dockerignore');
  for (const source of sources) for (const f of expandSource(candidates, source)) files.add(f);
  const sorted = [...files].sort();
  return { files: sorted, hash: hashFiles(contextDir, sorted, buildArgs) };
}

/** Non-ignored files under the top-level entries the COPY sources can reach. */
function listContextFiles(
  contextDir: string,
  sources: readonly string[],
  ignored: IgnoreMatcher,
  prunable: IgnoreMatcher,
): string[] {
  const tops = new Set<string>();
  for (const source of sources) {
    const first = source.replace(/^\.\//, '').split('/')[0];
    if (first === '' || first === '.' || /[*?]/.test(first)) return walkContext(contextDir, '', ignored, prunable);
    tops.add(first);
  }
  const files: string[] = [];
  for (const top of [...tops].sort()) {
    const full = path.join(contextDir, top);
    if (!fs.existsSync(full)) continue;
    if (fs.statSync(full).isDirectory()) {
      if (!prunable(top)) files.push(...walkContext(contextDir, top, ignored, prunable));
    } else if (!ignored(top)) files.push(top);
  }
  return files.sort();
}

/** Walks a directory of the build context, keeping files .dockerignore lets through. */
function walkContext(root: string, relDir: string, ignored: IgnoreMatcher, prunable: IgnoreMatcher): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, relDir), { withFileTypes: true })) {
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!prunable(rel)) files.push(...walkContext(root, rel, ignored, prunable));
    } else if (entry.isFile() && !ignored(rel)) files.push(rel);
  }
  return files.sort();
}

/** Could the .dockerignore exception `pattern` match `dir` or a path below it? */
function couldMatchBelow(pattern: string, dir: string): boolean {
  const patternParts = pattern.replace(/\/+$/, '').split('/');
  const dirParts = dir.split('/');
  for (let i = 0; i < dirParts.length; i++) {
    const part = patternParts[i];
    if (part === undefined) return true; // the exception names an ancestor of dir
    if (part === '**') return true;
    if (!wildcardToRegExp(part).test(dirParts[i])) return false;
  }
  return true;
}
