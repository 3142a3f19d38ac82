import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';

/** Pod Security admission refuses any pod in the namespace that is not `restricted`. */
export const POD_SECURITY_RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
} as const;

/**
 * Its address before the namespace had a construct of its own (it was part of
 * the secrets construct): a `moved` block carries the state entry over, so an
 * upgrade does not destroy the namespace and everything in it.
 */
export const PREVIOUS_NAMESPACE_ADDRESS = 'kubernetes_namespace_v1.secrets_namespace_EF3CF989';

export interface AppNamespaceProps {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/** The app's namespace, enforcing Pod Security `restricted`. */
export class AppNamespace extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    const namespace = new NamespaceV1(this, 'namespace', {
      metadata: { name: props.name, labels: { ...props.labels, ...POD_SECURITY_RESTRICTED } },
    });
    namespace.moveFromId(PREVIOUS_NAMESPACE_ADDRESS);
    this.name = namespace.metadata.name;
  }
}
