// What the Jenkins tool tests share: a Jenkins emulator with a user and API token, jobs with each
// parameter type, and an MCP harness whose ToolContext has a JenkinsBackend pointed at it.
import { createJenkinsBackend, type JenkinsBackend } from "../../../tools/jenkins/backend.ts";
import type { PolicySettings } from "../../../tools/policy.ts";
import {
  type JenkinsEmulator,
  type JenkinsEmulatorOptions,
  startJenkinsEmulator,
} from "../../emulators/jenkins/index.ts";
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";

export const user = "skyflo-bot";
export const token = "11f0e9d8c7b6a5f4e3d2c1b0a9";

export const deployWebParameters: JenkinsEmulatorOptions["jobs"] = [
  {
    name: "deploy-web",
    description: "Deploys web",
    parameters: [
      { type: "choice", name: "ENV", choices: ["staging", "prod"], description: "Where to deploy" },
      { type: "string", name: "VERSION", default: "latest" },
      { type: "boolean", name: "DRY_RUN", default: false },
      { type: "password", name: "DEPLOY_KEY", default: "hunter2" },
    ],
    scm: { url: "https://git.example.com/shop/web.git", branch: "main" },
  },
  { name: "nightly" },
  { name: "team/apps/deploy-api", parameters: [{ type: "string", name: "TAG", default: "v1" }] },
  { name: "retired", disabled: true },
];

export interface JenkinsFixture {
  jenkins: JenkinsEmulator;
  backend: JenkinsBackend;
  harness: McpHarness;
  close(): Promise<void>;
}

export async function startJenkinsFixture(
  options: {
    emulator?: JenkinsEmulatorOptions;
    credentials?: { user: string; token: string } | null;
    policy?: Partial<PolicySettings>;
    reuseEmulator?: KubeEmulator;
    pollIntervalMs?: number;
  } = {},
): Promise<JenkinsFixture> {
  const jenkins = await startJenkinsEmulator({
    users: { [user]: { tokens: [token], password: "correct-horse" } },
    jobs: deployWebParameters,
    ...options.emulator,
  });
  const credentials = options.credentials === null ? undefined : (options.credentials ?? { user, token });
  const backend = createJenkinsBackend({
    url: jenkins.url,
    credentials,
    pollIntervalMs: options.pollIntervalMs ?? 5,
  });
  const harness = await startMcpHarness({
    backends: { jenkins: backend },
    policy: options.policy,
    reuseEmulator: options.reuseEmulator,
  });
  return {
    jenkins,
    backend,
    harness,
    async close() {
      await harness.close();
      await jenkins.close();
    },
  };
}
