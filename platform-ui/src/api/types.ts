// The shapes the platform's APIs answer with (see README.md and each subsystem's api package).

export type Role = 'DEVELOPER' | 'ADMIN' | string;

export interface Me {
  readonly username: string;
  readonly roles: readonly Role[];
}

export interface DeploymentSummary {
  readonly id: string;
  readonly status: string;
  readonly reason: string | null;
  readonly version: string;
  readonly desiredInstances: number;
  readonly link: string;
}

export interface AppView {
  readonly name: string;
  readonly owner: string;
  readonly description: string | null;
  readonly latestVersion: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly link: string;
  readonly deployment: DeploymentSummary | null;
}

export interface VersionView {
  readonly app: string;
  readonly version: string;
  readonly owner: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly uncompressedBytes: number;
  readonly entryCount: number;
  readonly description: string | null;
  readonly uploadedAt: string;
  /** Where it can run: `process` (it has run.command), `docker` (run.image, or a Dockerfile at its root). */
  readonly runtimes?: readonly string[];
  readonly descriptor?: Record<string, unknown> | null;
}

export interface InstanceView {
  readonly id: string;
  readonly node: string | null;
  readonly state: string;
  readonly version: string;
  readonly port: number | null;
  readonly desired: string;
  readonly message: string | null;
}

export interface DeploymentView {
  readonly id: string;
  readonly app: string;
  readonly version: string;
  readonly desiredInstances: number;
  readonly generation: number;
  readonly active: boolean;
  readonly status: string;
  readonly reason: string | null;
  readonly stableVersion: string | null;
  readonly scheduleId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly statusAt: string | null;
  readonly link: string;
  readonly instances: readonly InstanceView[];
}

export interface FiringView {
  readonly at: string;
  readonly deploymentId: string | null;
  readonly error: string | null;
}

export interface ScheduleView {
  readonly id: string;
  readonly app: string;
  readonly kind: 'AT' | 'CRON' | string;
  readonly version: string;
  readonly instances: number;
  readonly at: string | null;
  readonly cron: string | null;
  readonly zone: string | null;
  readonly durationSeconds: number | null;
  readonly until: string | null;
  readonly nextFireAt: string | null;
  readonly stopAt: string | null;
  readonly state: string;
  readonly fired: readonly FiringView[];
  readonly createdAt: string;
}

export interface LogRecord {
  readonly id: string;
  readonly time: string;
  readonly sourceKind: string;
  readonly sourceName: string;
  readonly app?: string | null;
  readonly instanceId?: string | null;
  readonly nodeId?: string | null;
  readonly level: string;
  readonly message: string;
  readonly receivedAt?: string;
}

export interface LogPage {
  readonly records: readonly LogRecord[];
  readonly next: string | null;
}

export interface Amount {
  readonly cpu: number;
  readonly memoryMb: number;
}

export interface NodeInstance {
  readonly id: string;
  readonly app: string;
  readonly version: string | null;
  readonly deploymentId: string | null;
  readonly desired: string | null;
  readonly state: string;
  readonly stateAt: string | null;
  readonly node: string | null;
  readonly port: number | null;
  readonly cpu: number;
  readonly memoryMb: number;
  readonly exitCode: number | null;
  readonly message: string | null;
  readonly unplacedReason: string | null;
}

export interface NodeDetails {
  readonly name: string;
  readonly kind: string;
  readonly address: string;
  readonly runtime: string;
  readonly state: string;
  readonly adminState: 'ACTIVE' | 'DRAINING' | 'CORDONED' | string;
  readonly capacity: Amount;
  readonly used: Amount;
  readonly reserved: Amount;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: { readonly from: number; readonly to: number };
  readonly lastHeartbeatAt: string | null;
  readonly agentId: string | null;
  readonly instances: readonly NodeInstance[];
  /** `none` when the node runs instances unconfined (its inventory says `isolation: none`). */
  readonly isolation: 'required' | 'none' | string;
  /** Why its agent cannot isolate instances, each with its fix, when it is NOT_READY. */
  readonly isolationProblems: readonly string[];
}

export interface UserView {
  readonly username: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly roles: readonly Role[];
  readonly disabled: boolean;
}

export interface Alert {
  readonly id: string;
  readonly kind: string;
  readonly severity: string;
  readonly subject: string;
  readonly app: string | null;
  readonly message: string;
  readonly raisedAt: string;
  readonly lastAt: string;
  readonly count: number;
  readonly acknowledged: boolean;
}
