/**
 * The images' Node version has one owner: docker/backend.Dockerfile's
 * NODE_IMAGE default. Every other statement of it is tied to that here.
 * package.json's own "engines" at the root is another fact (the Node lines the
 * cdktf CLI runs on, read by scripts/doctor.sh) and is not tied to the images.
 */
import * as fs from 'fs';
import * as path from 'path';
import semver from 'semver';

const repo = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const nodeImageArg = (dockerfile: string) => {
  const match = /^ARG NODE_IMAGE=(\S+)$/m.exec(read(dockerfile));
  if (!match) throw new Error(`${dockerfile} has no "ARG NODE_IMAGE=<image>" line`);
  return match[1];
};

const owner = nodeImageArg('docker/backend.Dockerfile');
const imageVersion = /^node:(\d+\.\d+\.\d+)\b/.exec(owner)?.[1];

describe("the images' Node version (owner: docker/backend.Dockerfile's NODE_IMAGE)", () => {
  test('the owner names an exact Node release', () => {
    expect(imageVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('the frontend builds on the same Node image', () => {
    expect(nodeImageArg('docker/frontend.Dockerfile')).toEqual(owner);
  });

  test('the offline stand-in base (test/infra/base-images.sh) carries the same Node release', () => {
    expect(
      /^NODE_VERSION="\$\{STANDIN_NODE_VERSION:-([^}]+)\}"$/m.exec(read('test/infra/base-images.sh'))?.[1],
    ).toEqual(imageVersion);
  });

  test.each(['app/backend/package.json', 'app/frontend/package.json'])(
    "%s: its engines admit the images' Node, and its @types/node describe that major line",
    (file) => {
      const pkg = JSON.parse(read(file));
      expect(semver.satisfies(imageVersion!, pkg.engines.node)).toBe(true);
      expect(semver.minVersion(pkg.devDependencies['@types/node'])!.major).toEqual(semver.major(imageVersion!));
    },
  );
});
