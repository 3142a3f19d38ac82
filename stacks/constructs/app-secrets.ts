import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn, Op, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { inClusterDatabaseUrlTemplate, PASSWORD_PLACEHOLDER } from '../in-cluster-database';

/**
 * The Secret key that holds each generated password, by the password's
 * construct id: state recovery (scripts/state.mjs) imports each
 * `random_password` with the value the cluster's Secret holds.
 */
export const PASSWORD_SECRET_KEYS = { database_password: 'POSTGRES_PASSWORD', auth_secret: 'AUTH_SECRET' } as const;

/**
 * Every key the Secret can hold (OPENAI_API_KEY only when given). The chart's
 * secretKeyRefs must name exactly these: a misspelt optional key would quietly
 * read nothing (__tests__/chart-render.test.ts renders the chart and compares).
 */
export const SECRET_KEYS = {
  ...PASSWORD_SECRET_KEYS,
  database_url: 'DATABASE_URL',
  openai_api_key: 'OPENAI_API_KEY',
} as const;

/**
 * A generated password is kept for the life of the deployment: an edit of its
 * generation settings must not rotate it (the in-chart PostgreSQL's volume
 * keeps the first password), and a password imported from the cluster (which
 * the provider records with default settings) must not be replaced.
 * Rotate one on purpose with `cdktf deploy -- -replace=<address>`.
 */
const KEEP_PASSWORD = {
  ignoreChanges: [
    'length',
    'special',
    'upper',
    'lower',
    'numeric',
    'min_special',
    'min_upper',
    'min_lower',
    'min_numeric',
    'override_special',
  ],
};

export interface AppSecretsProps {
  /** The namespace the Secret goes into (AppNamespace). */
  readonly namespace: string;
  readonly secretName: string;
  readonly labels: Record<string, string>;
  /**
   * The chart's PostgreSQL, whose URL is built from a generated password; or
   * `external`: the URL comes from the sensitive variable `database_url`.
   */
  readonly database:
    | {
        readonly mode: 'in-cluster';
        readonly host: string;
        readonly port: number;
        readonly user: string;
        readonly database: string;
      }
    | { readonly mode: 'external' };
}

/**
 * The one Secret the chart reads (`existingSecret`) and the Terraform
 * variables that feed it.
 * Values come from `random_password`s (stable across deploys: they live in
 * state) and from sensitive variables; none is ever a literal in the
 * synthesized JSON, a Helm value, or plan output.
 */
export class AppSecrets extends Construct {
  readonly secretName: string;
  /**
   * SHA-256 of the Secret's configured data: changes exactly when a value
   * changes, so pods roll. Computed from the configuration, not from the
   * object's resource_version, which the kubernetes provider reports stale at
   * plan time and so breaks the Helm plan ("inconsistent final plan").
   */
  readonly dataChecksum: string;
  /** Whether the chart runs PostgreSQL (database mode `in-cluster`). */
  readonly useInClusterDatabase: boolean;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);

    const openaiApiKey = new TerraformVariable(this, 'openai_api_key', {
      type: 'string',
      default: '',
      nullable: false,
      sensitive: true,
      description:
        'OpenAI-compatible API key for the chat agent (TF_VAR_openai_api_key). Empty: the built-in engine answers.',
    });
    openaiApiKey.overrideLogicalId('openai_api_key');

    // URL-safe alphabets: both end up inside a connection URL or a header.
    const databasePassword = new Password(this, 'database_password', {
      length: 32,
      special: false,
      lifecycle: KEEP_PASSWORD,
    });
    const authSecret = new Password(this, 'auth_secret', { length: 64, special: false, lifecycle: KEEP_PASSWORD });

    const db = props.database;
    // The password URL-encoded too: state recovery may import one with any characters.
    const databaseUrl =
      db.mode === 'in-cluster'
        ? Fn.replace(
            inClusterDatabaseUrlTemplate(db.host, db),
            PASSWORD_PLACEHOLDER,
            Fn.urlencode(databasePassword.result),
          )
        : externalDatabaseUrl(this).stringValue;
    // `length >= 1`, not `!= ""`: cdktf 0.21 renders falsy literals ("" and 0) in Op.* as `undefined`.
    const openaiKeyGiven = Op.gte(Fn.lengthOf(openaiApiKey.stringValue), 1);

    const data = Fn.merge([
      {
        [PASSWORD_SECRET_KEYS.database_password]: databasePassword.result,
        [PASSWORD_SECRET_KEYS.auth_secret]: authSecret.result,
        [SECRET_KEYS.database_url]: databaseUrl,
      },
      Fn.conditional(openaiKeyGiven, { [SECRET_KEYS.openai_api_key]: openaiApiKey.stringValue }, {}),
    ]);

    const secret = new SecretV1(this, 'secret', {
      metadata: { name: props.secretName, namespace: props.namespace, labels: props.labels },
      type: 'Opaque',
      data: Token.asStringMap(data),
    });

    this.secretName = secret.metadata.name;
    // The digest mixes 96 random characters into any given values, so it reveals none of them;
    // unmarking it keeps Helm values readable.
    this.dataChecksum = Token.asString(Fn.nonsensitive(Fn.sha256(Fn.jsonencode(data))));
    this.useInClusterDatabase = db.mode === 'in-cluster';
  }
}

/**
 * The external database's URL, a sensitive variable that must be set: its
 * validation fails the plan, before anything changes, when it is empty.
 */
function externalDatabaseUrl(scope: Construct): TerraformVariable {
  const variable = new TerraformVariable(scope, 'database_url', {
    type: 'string',
    default: '',
    nullable: false,
    sensitive: true,
    description: 'External PostgreSQL URL, e.g. Neon (TF_VAR_database_url); required with database.mode "external".',
    validation: [
      {
        condition: '${can(regex("^postgres(ql)?://.+", var.database_url))}',
        errorMessage:
          'The environment\'s database.mode is "external", so TF_VAR_database_url must be set to a postgres:// URL (for example the connection string Neon shows); it is empty or not such a URL. Nothing was changed.',
      },
    ],
  });
  variable.overrideLogicalId('database_url');
  return variable;
}
