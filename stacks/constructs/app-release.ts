import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, Fn, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { ChartValues } from '../chart-values';

export interface AppReleaseProps {
  readonly releaseName: string;
  readonly namespace: string;
  /** The chart folder on disk; copied into the stack's assets so the synthesized stack is self-contained. */
  readonly chartDir: string;
  readonly values: ChartValues;
  readonly timeoutSeconds: number;
  readonly maxHistory: number;
  /** Resources the release must wait for (images, secret). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The app's Helm release. `atomic` + `cleanup_on_fail` + a timeout keep a
 * failed upgrade from leaving the release stuck (pending-upgrade) and roll
 * back to the previous revision. Values hold no secret: the chart reads
 * `existingSecret`.
 */
export class AppRelease extends Construct {
  readonly releaseName: string;
  readonly revision: number;
  /** The values given to the chart (test/chart/stack-values.ts renders the chart with them). */
  readonly values: ChartValues;

  constructor(scope: Construct, id: string, props: AppReleaseProps) {
    super(scope, id);
    const chart = new TerraformAsset(this, 'chart', { path: props.chartDir, type: AssetType.DIRECTORY });

    const release = new Release(this, 'release', {
      name: props.releaseName,
      namespace: props.namespace,
      chart: chart.path,
      values: [Fn.jsonencode(props.values)],
      atomic: true,
      wait: true,
      waitForJobs: true,
      cleanupOnFail: true,
      timeout: props.timeoutSeconds,
      maxHistory: props.maxHistory,
      dependsOn: props.dependsOn,
    });

    this.values = props.values;
    this.releaseName = release.name;
    this.revision = release.metadata.revision;
  }
}
