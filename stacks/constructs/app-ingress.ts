import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { Construct } from 'constructs';

export interface IngressBackend {
  readonly serviceName: string;
  readonly servicePort: number;
}

export interface AppIngressProps {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly className: string;
  readonly api: IngressBackend;
  readonly web: IngressBackend;
  /** A kubernetes.io/tls Secret in the namespace; TLS is off without it. */
  readonly tlsSecretName?: string;
  readonly labels: Record<string, string>;
}

/**
 * Where each service answers. Fixed: the frontend calls `/api` (app/frontend/src/api.ts),
 * its nginx refuses `/api/` (docker/nginx/default.conf), the backend's routes start with it,
 * and the chart's own Ingress routes the same (a jest test renders it and compares).
 */
export const API_PATH = '/api';
export const WEB_PATH = '/';

/** The public entry: `/api` to the backend Service, everything else to the frontend Service. */
export class AppIngress extends Construct {
  readonly url: string;

  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    const path = (pathPrefix: string, backend: IngressBackend) => ({
      path: pathPrefix,
      pathType: 'Prefix',
      backend: { service: { name: backend.serviceName, port: { number: backend.servicePort } } },
    });

    new IngressV1(this, 'ingress', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        ingressClassName: props.className,
        rule: [{ host: props.host, http: { path: [path(API_PATH, props.api), path(WEB_PATH, props.web)] } }],
        tls: props.tlsSecretName ? [{ hosts: [props.host], secretName: props.tlsSecretName }] : undefined,
      },
      // Minikube's ingress-nginx publishes an address late or not at all; the URL does not depend on it.
      waitForLoadBalancer: false,
    });

    this.url = `${props.tlsSecretName ? 'https' : 'http'}://${props.host}`;
  }
}
