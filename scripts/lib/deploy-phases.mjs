// Where the time of one `npm run deploy` goes, read from its output as it
// streams: scripts/deploy.sh's step lines and Terraform's per-resource
// progress lines. Shared by `npm run dev` and the deploy
// bench, so both name the same phases.
import { stripVTControlCharacters } from 'node:util';

/** [phase that starts at the line, the line]; phases named "-" are gaps not reported on their own. */
export const DEPLOY_PHASES = [
  ['preflight, state check, backup', /^==> Preflight/],
  ['synth, init', /^==> Synthesizing/],
  ['terraform plan (in apply)', /^==> terraform apply/],
  ['image build', /docker_image\.\S+.*: (Creating|Destroying)\.\.\./],
  ['-', /docker_image\.\S+.*: Creation complete after/],
  ['Helm upgrade and rollout', /helm_release\.\S+.*: (Modifying|Creating)\.\.\./],
  ['-', /helm_release\.\S+.*: (Modifications|Creation) complete after/],
  ['state backup, URL', /^==> Done/],
];

/** Collects the moment each phase starts; `start` is when the deploy was started (ms). */
export function phaseClock(start) {
  const marks = [['npm ci check, config', start]];
  const seen = new Set();
  let url;
  return {
    /** Feed one output line, received at `at` (ms). */
    line(text, at) {
      const plain = stripVTControlCharacters(text).trim();
      DEPLOY_PHASES.forEach(([name, re], i) => {
        if (!seen.has(i) && re.test(plain)) {
          seen.add(i);
          marks.push([name, at]);
        }
      });
      const found = /^The Todo AI Chatbot is at: (\S+)/.exec(plain);
      if (found) url = found[1];
    },
    /** Moments (ms) the phase named `name` started, or undefined. */
    startOf(name) {
      return marks.find(([n]) => n === name)?.[1];
    },
    /** [[phase, ms]] in order, up to `end` (ms); gaps between phases are added to the phase before. */
    phases(end) {
      const sorted = [...marks].sort((a, b) => a[1] - b[1]);
      const out = [];
      sorted.forEach(([name, t], i) => {
        const until = sorted[i + 1]?.[1] ?? end;
        if (name === '-' && out.length) out[out.length - 1][1] += until - t;
        else if (name !== '-') out.push([name, until - t]);
      });
      return out;
    },
    get url() {
      return url;
    },
  };
}

/** Calls `onLine(line)` for each line of a readable stream. */
export function eachLine(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8').on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    lines.forEach(onLine);
  });
  stream.on('end', () => rest && onLine(rest));
}
