import { DockerProviderRegistryAuth } from '@cdktf/provider-docker/lib/provider';
import { RegistryImageAuthConfig } from '@cdktf/provider-docker/lib/registry-image';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Fn, Op, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface RegistryAccessProps {
  /** `host[:port][/path]`, validated by the config (images.registry). */
  readonly registry: string;
  /** The namespace the pull Secret goes into (AppNamespace). */
  readonly namespace: string;
  readonly pullSecretName: string;
  readonly labels: Record<string, string>;
}

/**
 * The credentials of the image registry, for both ends: Docker pushes with
 * them (each push's `auth_config`, and the provider's `registry_auth` for
 * base images kept there) and the kubelet pulls with them (a
 * `kubernetes.io/dockerconfigjson` Secret the chart names in
 * `imagePullSecrets`). They come from the sensitive variables
 * `registry_username` and `registry_password` (a token works as the
 * password); empty: the registry is used anonymously.
 */
export class RegistryAccess extends Construct {
  /** The registry's host[:port]: what Docker and the kubelet match credentials by. */
  readonly host: string;
  readonly providerAuth: DockerProviderRegistryAuth;
  /**
   * For each push: kept in the push's own state, so that Terraform can still
   * refresh (and drop) the pushes after `images.registry` is removed from the
   * config, when the provider no longer knows the registry.
   */
  readonly pushAuth: RegistryImageAuthConfig;
  readonly pullSecretName: string;

  constructor(scope: Construct, id: string, props: RegistryAccessProps) {
    super(scope, id);
    this.host = props.registry.split('/')[0];
    const username = this.variable(
      'registry_username',
      `User name for ${this.host} (TF_VAR_registry_username); empty: anonymous.`,
    );
    const password = this.variable(
      'registry_password',
      `Password or token for ${this.host} (TF_VAR_registry_password).`,
    );

    this.providerAuth = {
      address: this.host,
      username,
      password,
      // `< 1`, not `== 0`: cdktf 0.21 renders falsy literals in Op.* as `undefined`.
      authDisabled: Op.lt(Fn.lengthOf(username), 1),
    };

    this.pushAuth = { address: this.host, username, password };

    const dockerConfig = Fn.jsonencode({
      auths: { [this.host]: { username, password, auth: Fn.base64encode(Fn.format('%s:%s', [username, password])) } },
    });
    const secret = new SecretV1(this, 'pull-secret', {
      metadata: { name: props.pullSecretName, namespace: props.namespace, labels: props.labels },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Token.asString(dockerConfig) },
    });
    this.pullSecretName = secret.metadata.name;
  }

  private variable(name: string, description: string): string {
    const variable = new TerraformVariable(this, name, {
      type: 'string',
      default: '',
      nullable: false,
      sensitive: true,
      description,
    });
    variable.overrideLogicalId(name);
    return variable.stringValue;
  }
}
