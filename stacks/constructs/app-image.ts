import { Image } from '@cdktf/provider-docker/lib/image';
import { RegistryImage, RegistryImageAuthConfig } from '@cdktf/provider-docker/lib/registry-image';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import * as path from 'path';
import { imageInputs } from '../content-hash';

export interface AppImageProps {
  /** Repository part of the image name, e.g. `todo-backend`. */
  readonly repository: string;
  /** Build context on disk (the repository root). */
  readonly contextDir: string;
  /** Dockerfile path relative to the context, e.g. `docker/backend.Dockerfile`. */
  readonly dockerfile: string;
  /** `--build-arg`s; part of the content hash. */
  readonly buildArgs: Record<string, string>;
  /**
   * Build context as Terraform sees it, relative to the stack's working
   * directory, so the synthesized JSON carries no absolute path of this machine.
   */
  readonly contextPathForTerraform: string;
  /** Keep superseded images in the Docker cache. */
  readonly keepLocally: boolean;
  /**
   * Push the image to `name` (`host[:port][/path]`, with `auth`) and expose
   * its digest. Unset: the image stays in the engine that built it.
   */
  readonly registry?: { readonly name: string; readonly auth: RegistryImageAuthConfig };
}

/**
 * One service image, tagged by a content hash of exactly its inputs: an
 * unchanged service never rebuilds, a changed one gets a new tag and so a new
 * rollout. Built by whatever engine DOCKER_HOST names (Minikube's after
 * `eval $(minikube docker-env)`), so no registry is needed; or, with a
 * registry, pushed there and deployed by digest, so what runs is exactly what
 * was built. A pushed tag is never deleted (keep_remotely): a rollback, or a
 * pod rescheduled later, still finds it.
 */
export class AppImage extends Construct {
  /** `repository:tag`, or `repository@sha256:…` when pushed: for outputs. */
  readonly imageRef: string;
  /** Registry-qualified when pushed. */
  readonly repository: string;
  readonly tag: string;
  /** `sha256:…` of the pushed manifest; undefined without a registry. */
  readonly digest?: string;
  /** What a consumer of the image must wait for (the build, or the push). */
  readonly build: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AppImageProps) {
    super(scope, id);
    const inputs = imageInputs(props.contextDir, props.dockerfile, props.buildArgs);
    this.repository = props.registry ? `${props.registry.name}/${props.repository}` : props.repository;
    this.tag = inputs.hash.slice(0, 16);

    const image = new Image(this, 'image', {
      name: `${this.repository}:${this.tag}`,
      keepLocally: props.keepLocally,
      triggers: { content_hash: inputs.hash },
      buildAttribute: {
        context: props.contextPathForTerraform,
        dockerfile: props.dockerfile.split(path.sep).join('/'),
        buildArgs: props.buildArgs,
        label: { 'org.opencontainers.image.revision': inputs.hash },
        remove: true,
      },
    });
    if (!props.registry) {
      this.imageRef = image.name;
      this.build = image;
      return;
    }
    // A new tag is a new name, so a new push; an unchanged one pushes nothing.
    const push = new RegistryImage(this, 'push', {
      name: image.name,
      keepRemotely: true,
      authConfig: props.registry.auth,
      dependsOn: [image],
    });
    this.digest = push.sha256Digest;
    this.imageRef = `${this.repository}@${this.digest}`;
    this.build = push;
  }
}
