// The tool registry: every tool Skyflo can call, with its schemas and its MCP annotations.
// The annotations are the single source of truth for what needs approval; a tool that does not
// say it is read-only is treated as mutating (fail closed).
import type { z } from "zod";
import type { HelmBackend } from "./helm/backend.ts";
import type { JenkinsBackend } from "./jenkins/backend.ts";
import type { KubeClients } from "./kubernetes/client.ts";
import type { Policy } from "./policy.ts";

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** What a tool's handler may use. Handlers never build their own clients. */
export interface ToolContext {
  kube: KubeClients;
  policy: Policy;
  /** Aborted when the call's deadline passes; pass it on to every request. */
  signal: AbortSignal;
  /** The helm binary for the mutating Helm tools and helm_template; without it they refuse. */
  helm?: HelmBackend;
  /** The Jenkins server (SKYFLO_JENKINS_*); without it the Jenkins tools refuse. */
  jenkins?: JenkinsBackend;
}

/** What a handler returns: a one-line summary for people and models, and the structured result. */
export interface ToolResult<Output> {
  summary: string;
  data: Output;
}

/** A namespace (or the cluster scope, `undefined`) a call will touch, for the namespace policy. */
export type ToolTarget = { namespace: string | undefined };

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of every shape.
export type AnyObjectSchema = z.ZodObject<any>;

export interface ToolDefinition<
  Input extends AnyObjectSchema = AnyObjectSchema,
  Output extends AnyObjectSchema = AnyObjectSchema,
> {
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, what it returns. */
  description: string;
  family: "kubernetes" | "helm" | "argo" | "jenkins";
  input: Input;
  output: Output;
  annotations: ToolAnnotations;
  /** Namespaces the call touches; checked against policy before the handler runs. */
  targets(args: z.output<Input>): ToolTarget[];
  handler(args: z.output<Input>, context: ToolContext): Promise<ToolResult<z.output<Output>>>;
}

/** Identity function that keeps the input/output types of a tool definition. */
export function defineTool<Input extends AnyObjectSchema, Output extends AnyObjectSchema>(
  definition: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  return definition;
}

/** Only an explicit `readOnlyHint: true` makes a tool read-only; anything else mutates. */
export function isMutating(tool: Pick<ToolDefinition, "annotations">): boolean {
  return tool.annotations?.readOnlyHint !== true;
}

export class ToolRegistry {
  readonly #tools = new Map<string, ToolDefinition>();

  constructor(tools: Iterable<ToolDefinition> = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: ToolDefinition): void {
    if (this.#tools.has(tool.name)) throw new Error(`Tool "${tool.name}" is registered twice.`);
    this.#tools.set(tool.name, tool);
  }

  get(name: string): ToolDefinition | undefined {
    return this.#tools.get(name);
  }

  list(): ToolDefinition[] {
    return [...this.#tools.values()];
  }
}
