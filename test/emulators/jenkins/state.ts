// The emulated Jenkins' state: jobs (in folders), the build queue and builds. Builds move on their
// own: a queue item waits `queueDelayMs`, then becomes a build that runs `buildDurationMs` and ends
// with the next scripted result. Queue items are forgotten `queueForgetMs` after they left the queue,
// as Jenkins forgets them (about 5 minutes).

export type ParameterSeed =
  | { type: "string"; name: string; default?: string; description?: string }
  | { type: "choice"; name: string; choices: string[]; description?: string }
  | { type: "boolean"; name: string; default?: boolean; description?: string }
  | { type: "password"; name: string; default?: string; description?: string };

export interface ChangeSetItemSeed {
  commitId: string;
  msg: string;
  author: string;
  paths?: string[];
}

export interface JobSeed {
  /** `deploy-web`, or `team/apps/deploy-web` for a job in folders (folders are created). */
  name: string;
  description?: string;
  parameters?: ParameterSeed[];
  scm?: { url: string; branch: string };
  /** Jobs that cannot be built (disabled) answer 409 to build requests. */
  disabled?: boolean;
}

export type BuildResult = "SUCCESS" | "FAILURE" | "UNSTABLE" | "ABORTED" | "NOT_BUILT";

/** How the next build of a job ends. */
export interface ScriptedBuild {
  result: BuildResult;
  durationMs?: number;
  /** Log lines written while the build runs (before "Finished: …"). */
  log?: string[];
  changeSet?: ChangeSetItemSeed[];
}

export interface Build {
  number: number;
  queueId: number;
  parameters: Array<{ name: string; value: string | boolean; type: ParameterSeed["type"] }>;
  timestamp: number;
  building: boolean;
  result: BuildResult | null;
  duration: number;
  log: string;
  changeSet: ChangeSetItemSeed[];
  cause: string;
}

export interface Job {
  kind: "job";
  name: string;
  fullName: string;
  description: string;
  parameters: ParameterSeed[];
  scm: { url: string; branch: string } | undefined;
  disabled: boolean;
  nextBuildNumber: number;
  builds: Build[]; // oldest first
  scripted: ScriptedBuild[];
}

export interface Folder {
  kind: "folder";
  name: string;
  fullName: string;
  children: Map<string, Job | Folder>;
}

export interface QueueItem {
  id: number;
  job: Job;
  parameters: Build["parameters"];
  inQueueSince: number;
  cancelled: boolean;
  build: Build | undefined;
  /** When the item left the queue (started or cancelled); forgotten queueForgetMs later. */
  leftAt: number | undefined;
}

export interface TimingOptions {
  queueDelayMs: number;
  buildDurationMs: number;
  queueForgetMs: number;
  defaultResult: BuildResult;
}

export class JenkinsState {
  readonly root: Folder = { kind: "folder", name: "", fullName: "", children: new Map() };
  readonly timing: TimingOptions;
  readonly #queue = new Map<number, QueueItem>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #nextQueueId = 1;
  #now: () => number;

  constructor(timing: TimingOptions, now: () => number = Date.now) {
    this.timing = timing;
    this.#now = now;
  }

  addJob(seed: JobSeed): Job {
    const segments = seed.name.split("/");
    const leaf = segments.pop() as string;
    let folder = this.root;
    for (const segment of segments) {
      let child = folder.children.get(segment);
      if (!child) {
        const fullName = folder.fullName ? `${folder.fullName}/${segment}` : segment;
        child = { kind: "folder", name: segment, fullName, children: new Map() };
        folder.children.set(segment, child);
      }
      if (child.kind !== "folder") throw new Error(`${segment} is a job, not a folder`);
      folder = child;
    }
    const job: Job = {
      kind: "job",
      name: leaf,
      fullName: seed.name,
      description: seed.description ?? "",
      parameters: seed.parameters ?? [],
      scm: seed.scm,
      disabled: seed.disabled ?? false,
      nextBuildNumber: 1,
      builds: [],
      scripted: [],
    };
    folder.children.set(leaf, job);
    return job;
  }

  /** Resolves `["team", "deploy-web"]` (the names between `/job/` segments). */
  find(path: string[]): Job | Folder | undefined {
    let node: Job | Folder = this.root;
    for (const segment of path) {
      if (node.kind !== "folder") return undefined;
      const child: Job | Folder | undefined = node.children.get(segment);
      if (!child) return undefined;
      node = child;
    }
    return node;
  }

  job(fullName: string): Job {
    const node = this.find(fullName.split("/"));
    if (node?.kind !== "job") throw new Error(`no job ${fullName}`);
    return node;
  }

  /** Queues a build; it starts after queueDelayMs. */
  enqueue(job: Job, parameters: Build["parameters"], cause: string): QueueItem {
    const item: QueueItem = {
      id: this.#nextQueueId++,
      job,
      parameters,
      inQueueSince: this.#now(),
      cancelled: false,
      build: undefined,
      leftAt: undefined,
    };
    this.#queue.set(item.id, item);
    this.#later(this.timing.queueDelayMs, () => this.#start(item, cause));
    return item;
  }

  /** A queue item, unless it left the queue more than queueForgetMs ago. */
  queueItem(id: number): QueueItem | undefined {
    const item = this.#queue.get(id);
    if (!item) return undefined;
    if (item.leftAt !== undefined && this.#now() - item.leftAt >= this.timing.queueForgetMs) {
      this.#queue.delete(id);
      return undefined;
    }
    return item;
  }

  /** Forgets every queue item that has left the queue, as if the window had passed. */
  expireQueueItems(): void {
    for (const [id, item] of this.#queue) if (item.leftAt !== undefined) this.#queue.delete(id);
  }

  /** Seeds a finished build directly (history for list and lookup tests). */
  addFinishedBuild(job: Job, build: Partial<Build> & { result: BuildResult }): Build {
    const finished: Build = {
      number: job.nextBuildNumber++,
      queueId: this.#nextQueueId++,
      parameters: [],
      timestamp: this.#now(),
      building: false,
      duration: 1000,
      log: `Started by user admin\nFinished: ${build.result}\n`,
      changeSet: [],
      cause: "Started by user admin",
      ...build,
    };
    job.builds.push(finished);
    return finished;
  }

  /** Stops a running build: ABORTED at once. Returns false when it was not running. */
  stop(build: Build): boolean {
    if (!build.building) return false;
    this.#finish(build, "ABORTED", ["Aborted by user"]);
    return true;
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  #start(item: QueueItem, cause: string): void {
    if (item.cancelled) return;
    const job = item.job;
    const script = job.scripted.shift() ?? { result: this.timing.defaultResult };
    const lines = script.log ?? [`Building ${job.fullName}`];
    const half = Math.ceil(lines.length / 2);
    const build: Build = {
      number: job.nextBuildNumber++,
      queueId: item.id,
      parameters: item.parameters,
      timestamp: this.#now(),
      building: true,
      result: null,
      duration: 0,
      log: `${cause}\n${lines
        .slice(0, half)
        .map((l) => `${l}\n`)
        .join("")}`,
      changeSet: script.changeSet ?? [],
      cause,
    };
    job.builds.push(build);
    item.build = build;
    item.leftAt = this.#now();
    this.#later(script.durationMs ?? this.timing.buildDurationMs, () => {
      if (build.building) this.#finish(build, script.result, lines.slice(half));
    });
  }

  #finish(build: Build, result: BuildResult, lines: string[]): void {
    build.log += lines.map((l) => `${l}\n`).join("");
    build.log += `Finished: ${result}\n`;
    build.building = false;
    build.result = result;
    build.duration = Math.max(1, this.#now() - build.timestamp);
  }
}
