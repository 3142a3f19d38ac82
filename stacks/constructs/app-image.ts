import { Image } from '@cdktf/provider-docker/lib/image';
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
}

/**
 * One service image, tagged by a content hash of exactly its inputs: an
 * unchanged service never rebuilds, a changed one gets a new tag and so a new
 * rollout. Built by whatever engine DOCKER_HOST names (Minikube's after
 * `eval $(minikube docker-env)`), so no registry is needed.
 */
export class AppImage extends Construct {
  /** `repository:tag`, for Helm values and outputs. */
  readonly imageRef: string;
  readonly repository: string;
  readonly tag: string;
  /** The files hashed into the tag. */
  readonly inputFiles: readonly string[];
  /** What a consumer of the image must wait for (the build). */
  readonly build: ITerraformDependable;

  constructor(scope: Construct, id: string, props: AppImageProps) {
    super(scope, id);
    const inputs = imageInputs(props.contextDir, props.dockerfile, props.buildArgs);
    this.repository = props.repository;
    this.tag = inputs.hash.slice(0, 16);
    this.inputFiles = inputs.files;

    const image = new Image(this, 'image', {
      name: `${props.repository}:${this.tag}`,
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
    this.imageRef = image.name;
    this.build = image;
  }
}
