import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createPool, describeDbError, isPermanentDatabaseError, logIdleErrors, migrate } from './db.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const pool = createPool(config.databaseUrl);
  const app = await buildApp({ config, pool });
  const log = app.log;
  logIdleErrors(pool, log);

  // Migrations before serving; retried while the database comes up (e.g. the in-chart PostgreSQL).
  for (let attempt = 1; ; attempt++) {
    try {
      const applied = await migrate(pool);
      log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
      break;
    } catch (err) {
      // A wrong database name, password or role is not cured by waiting: say so at once.
      const permanent = isPermanentDatabaseError(err);
      if (attempt >= 30 || permanent) {
        const error = describeDbError(err);
        const why = permanent
          ? 'not retried: check DATABASE_URL and the database'
          : `gave up after ${attempt} attempts`;
        log.fatal({ error }, `could not migrate the database: ${error.message} (${why})`);
        await pool.end().catch(() => undefined);
        process.exit(1);
      }
      log.warn({ attempt, error: describeDbError(err) }, 'database not ready, retrying in 2 s');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ engine: app.deps.engine.name }, 'todo-backend ready');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal, drainMs: config.shutdownDrainMs }, 'shutting down');
    // Draining: /readyz answers 503 (so the pod leaves the Service's serving
    // endpoints) while requests are still served in full for shutdownDrainMs;
    // only then does the server stop accepting. An ingress controller that
    // still routes to a terminating endpoint (seen with Traefik) loses nothing.
    app.deps.draining = true;
    const force = setTimeout(() => {
      app.log.error('graceful shutdown timed out, exiting');
      process.exit(1);
    }, config.shutdownDrainMs + SHUTDOWN_TIMEOUT_MS);
    force.unref();
    new Promise((r) => setTimeout(r, config.shutdownDrainMs))
      .then(() => {
        const sweep = setInterval(() => app.server.closeIdleConnections(), 200);
        sweep.unref();
        return app.close();
      })
      .then(() => pool.end())
      .then(() => {
        app.log.info('shutdown complete');
        process.exit(0);
      })
      .catch((err) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
