/**
 * The chart's PostgreSQL as the stack connects to it: one owner for what both
 * sides must agree on. The stack sends user and database to the chart
 * (`postgresql.auth`) and builds its DATABASE_URL from the same values; host
 * and port are the chart's Service (helm/todo-chatbot/templates/
 * postgresql-service.yaml), held to these by __tests__/chart-render.test.ts,
 * which renders the chart with the stack's values and compares the URLs.
 */
export const IN_CLUSTER_DATABASE = { user: 'todo', database: 'todo', port: 5432 } as const;

/** The chart's client Service of PostgreSQL for a release named `fullname` (its `todo-chatbot.postgresqlHost`). */
export function inClusterDatabaseHost(fullname: string): string {
  return `${fullname}-postgresql-primary`;
}

/** Where the password goes in the URL template: a string no other part can hold (they are URL-encoded, or DNS names). */
export const PASSWORD_PLACEHOLDER = '{password}';

/**
 * The in-cluster DATABASE_URL with PASSWORD_PLACEHOLDER for the password,
 * every other part URL-encoded: the stack fills in the generated password
 * (URL-encoded too) at apply.
 */
export function inClusterDatabaseUrlTemplate(
  host: string,
  db: { user: string; database: string; port: number },
): string {
  const user = encodeURIComponent(db.user);
  return `postgres://${user}:${PASSWORD_PLACEHOLDER}@${host}:${db.port}/${encodeURIComponent(db.database)}`;
}
