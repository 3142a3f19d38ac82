import * as path from 'path';
import { ConfigError } from './stacks/config';
import { buildApp } from './stacks/app';

try {
  buildApp({ projectRoot: path.resolve(__dirname, '..') }).synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
