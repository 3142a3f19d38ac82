/**
 * The subset of helm/todo-chatbot's values that the stack sets. Kept in one
 * typed place so the contract with the chart (docs/architecture.md) is visible.
 */
import { IResolvable } from 'cdktf';

export interface ResourceValues {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface ImageValues {
  readonly repository: string;
  readonly tag: string;
  /** `sha256:…`: the chart then runs `repository@digest`. */
  readonly digest?: string;
  readonly pullPolicy: 'IfNotPresent' | 'Always' | 'Never';
}

export interface ComponentValues {
  readonly replicaCount: number;
  readonly image: ImageValues;
  readonly resources: ResourceValues;
  readonly service: { readonly port: number };
}

export interface ChartValues {
  readonly fullnameOverride: string;
  readonly chartChecksum: string;
  readonly secretChecksum: string;
  readonly existingSecret: string;
  /** The registry's pull Secret, with images.registry. */
  readonly imagePullSecrets?: readonly { readonly name: string }[];
  readonly frontend: ComponentValues;
  readonly backend: ComponentValues & {
    readonly logLevel: string;
    readonly llm: { readonly baseUrl: string; readonly model: string };
  };
  readonly postgresql: {
    /** A Terraform expression (boolean) when it depends on a variable. */
    readonly enabled: boolean | IResolvable;
    readonly auth: { readonly username: string; readonly database: string };
    readonly persistence: { readonly size: string };
  };
  readonly networkPolicy: { readonly ingressControllerNamespace: string };
  /** `tls.enabled`: the app is served over HTTPS, so the session cookie is Secure (COOKIE_SECURE). */
  readonly ingress: { readonly enabled: boolean; readonly tls: { readonly enabled: boolean } };
}
