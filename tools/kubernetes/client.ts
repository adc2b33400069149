// The only place tools get Kubernetes clients from. Everything goes through
// @kubernetes/client-node: typed APIs for the common kinds, KubernetesObjectApi for any kind,
// and `request` for the few endpoints without a typed call (discovery, logs as text).
import {
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  createConfiguration,
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  Observable,
  RequestContext,
} from "@kubernetes/client-node";

export interface KubeConfigSource {
  /** Path to a kubeconfig file; default: $KUBECONFIG, ~/.kube/config, or in-cluster credentials. */
  kubeconfig?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
}

export function loadKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  const config = new KubeConfig();
  if (source.kubeconfig) config.loadFromFile(source.kubeconfig);
  else config.loadFromDefault();
  if (source.context) {
    if (!config.getContextObject(source.context)) {
      const known = config.getContexts().map((c) => c.name);
      throw new Error(
        `Context "${source.context}" is not in the kubeconfig (known: ${known.join(", ") || "none"}).`,
      );
    }
    config.setCurrentContext(source.context);
  }
  if (!config.getCurrentCluster()) {
    throw new Error(
      "The kubeconfig has no current cluster. Pass --kubeconfig and --context, or set KUBECONFIG.",
    );
  }
  return config;
}

export interface RawRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface KubeClients {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly objects: KubernetesObjectApi;
  /** Per-call options for typed APIs: cancels the request when `signal` aborts, sets extra headers. */
  options(signal: AbortSignal, headers?: Record<string, string>): ConfigurationOptions;
  /** A request to an API path (`/apis/apps/v1`), authenticated like every other call. */
  request(path: string, request?: RawRequest): Promise<RawResponse>;
}

export function createKubeClients(config: KubeConfig): KubeClients {
  const http = createConfiguration().httpApi;
  const server = config.getCurrentCluster()?.server.replace(/\/+$/, "") ?? "";
  return {
    config,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    objects: KubernetesObjectApi.makeApiClient(config),
    options(signal, headers = {}) {
      // The typed APIs (ObjectParamAPI) pass per-call options straight to the observable layer, whose
      // pipeline calls `.toPromise()` on what middleware returns: it must return Observables.
      return {
        middleware: [
          {
            pre: (context: RequestContext) => {
              context.setSignal(signal);
              for (const [name, value] of Object.entries(headers)) context.setHeaderParam(name, value);
              return new Observable(Promise.resolve(context));
            },
            post: (response) => new Observable(Promise.resolve(response)),
          },
        ],
        middlewareMergeStrategy: "append",
      };
    },
    async request(path, request = {}) {
      const context = new RequestContext(`${server}${path}`, HttpMethod[request.method ?? "GET"]);
      for (const [name, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) context.setQueryParam(name, String(value));
      }
      await config.applySecurityAuthentication(context);
      for (const [name, value] of Object.entries(request.headers ?? {})) context.setHeaderParam(name, value);
      if (request.body !== undefined) context.setBody(request.body);
      if (request.signal) context.setSignal(request.signal);
      const response = await http.send(context).toPromise();
      return { status: response.httpStatusCode, headers: response.headers, text: await response.body.text() };
    },
  };
}
