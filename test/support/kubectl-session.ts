// The real kubectl (and helm) pointed at a Kubernetes emulator, for tests that compare against the
// real clients: the emulator, a private HOME (so discovery caches and helm state never touch the
// user's), and wrappers that run the binaries with only PATH and that HOME in their environment.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type KubeEmulator, type KubeEmulatorOptions, startKubeEmulator } from "../emulators/kube/index.ts";
import { helmPath, kubectlPath } from "./kube-binaries.ts";

const run = promisify(execFile);
const COMMAND_TIMEOUT_MS = 30_000;

export interface KubectlSessionOptions {
  /** Options for the emulator the session starts (and closes). */
  emulator?: KubeEmulatorOptions;
  /** Drive this emulator instead of starting one, e.g. an MCP harness's; its owner closes it. */
  reuseEmulator?: KubeEmulator;
  /** Passed as `-n` to every kubectl and helm call; without it kubectl uses the kubeconfig's default. */
  namespace?: string;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface KubectlSession {
  emulator: KubeEmulator;
  /** The binaries' private HOME, also scratch space for files a test writes (removed on close). */
  home: string;
  /** kubectl's stdout; rejects if kubectl exits non-zero. */
  kubectl(...args: string[]): Promise<string>;
  /** kubectl's stdout then stderr for a call that must fail; rejects if kubectl succeeds. */
  kubectlFails(...args: string[]): Promise<string>;
  /** kubectl's exit code and output, whether it succeeded or not. */
  kubectlResult(...args: string[]): Promise<CommandResult>;
  /** helm's stdout; rejects if helm exits non-zero. */
  helm(...args: string[]): Promise<string>;
  /** Removes the private HOME and closes the emulator unless it was reused. */
  close(): Promise<void>;
}

export async function startKubectlSession(options: KubectlSessionOptions = {}): Promise<KubectlSession> {
  if (options.emulator && options.reuseEmulator) {
    throw new Error("startKubectlSession: pass either `emulator` options or `reuseEmulator`, not both.");
  }
  const [emulatorStart, binaryLookup, homeCreation] = await Promise.allSettled([
    options.reuseEmulator ?? startKubeEmulator(options.emulator),
    kubectlPath(),
    mkdtemp(join(tmpdir(), "kubectl-session-")),
  ] as const);
  if (
    emulatorStart.status === "rejected" ||
    binaryLookup.status === "rejected" ||
    homeCreation.status === "rejected"
  ) {
    // Undo what did start, so a failed setup leaves no server or temp dir behind.
    if (emulatorStart.status === "fulfilled" && !options.reuseEmulator) await emulatorStart.value.close();
    if (homeCreation.status === "fulfilled") await rm(homeCreation.value, { recursive: true, force: true });
    throw [emulatorStart, binaryLookup, homeCreation].find((r) => r.status === "rejected")?.reason;
  }
  const emulator = emulatorStart.value;
  const kubectlBinary = binaryLookup.value;
  const home = homeCreation.value;
  const namespaceFlags = options.namespace ? ["-n", options.namespace] : [];
  const env = { PATH: process.env.PATH ?? "", HOME: home };

  const kubectlArgs = (args: string[]) => [
    "--kubeconfig",
    emulator.kubeconfigPath,
    ...namespaceFlags,
    ...args,
  ];

  const runKubectl = async (...args: string[]): Promise<CommandResult> => {
    try {
      const { stdout, stderr } = await run(kubectlBinary, kubectlArgs(args), {
        env,
        timeout: COMMAND_TIMEOUT_MS,
      });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code?: unknown; stdout?: string; stderr?: string };
      // Only an exit status is kubectl's answer; a spawn error or a timeout kill is the test's problem.
      if (typeof failure.code !== "number") throw error;
      return { exitCode: failure.code, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
    }
  };

  return {
    emulator,
    home,
    async kubectl(...args) {
      const { stdout } = await run(kubectlBinary, kubectlArgs(args), { env, timeout: COMMAND_TIMEOUT_MS });
      return stdout;
    },
    async kubectlFails(...args) {
      const result = await runKubectl(...args);
      if (result.exitCode === 0) {
        throw new Error(
          `kubectl ${args.join(" ")} succeeded but was expected to fail; it printed: ${result.stdout}`,
        );
      }
      return `${result.stdout}${result.stderr}`;
    },
    kubectlResult: runKubectl,
    async helm(...args) {
      const { stdout } = await run(
        await helmPath(),
        [...args, "--kubeconfig", emulator.kubeconfigPath, ...namespaceFlags],
        { env: { ...env, HELM_CACHE_HOME: join(home, "helm-cache") }, timeout: COMMAND_TIMEOUT_MS },
      );
      return stdout;
    },
    async close() {
      if (!options.reuseEmulator) await emulator.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
