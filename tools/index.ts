// The tool server's public surface: the registry of all tools and how to serve it.
import { argoTools } from "./argo/index.ts";
import { helmTools } from "./helm/index.ts";
import { jenkinsTools } from "./jenkins/index.ts";
import { kubernetesTools } from "./kubernetes/index.ts";
import { ToolRegistry } from "./registry.ts";

export { invokeTool } from "./invoke.ts";
export { createKubeClients, type KubeClients, loadKubeConfig } from "./kubernetes/client.ts";
export { defaultPolicySettings, Policy, type PolicySettings } from "./policy.ts";
export { isMutating, type ToolDefinition, ToolRegistry } from "./registry.ts";
export { buildServer } from "./server.ts";

/** A registry with every tool Skyflo ships. */
export function createToolRegistry(): ToolRegistry {
  return new ToolRegistry([...kubernetesTools, ...helmTools, ...argoTools, ...jenkinsTools]);
}
