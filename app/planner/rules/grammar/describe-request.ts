// A parsed request in words, so every reply can say what the planner understood.
import { describeArgoRequest } from "./argo.ts";
import { describeHelmRequest } from "./helm.ts";
import { describeJenkinsRequest } from "./jenkins.ts";
import { describeTarget, type ParsedRequest } from "./parsed-request.ts";

export function describeRequest(request: ParsedRequest): string {
  const where = request.namespace === undefined ? "" : ` in namespace "${request.namespace}"`;
  switch (request.action) {
    case "scale":
      return `a request to scale ${describeTarget(request.target)}${where} to ${request.replicas} replicas`;
    case "restart":
      return `a request to restart ${describeTarget(request.target)}${where}`;
    case "set-image": {
      const container = request.container.by === "only" ? "" : ` (container "${request.container.name}")`;
      return `a request to set the image of ${describeTarget(request.target)}${where}${container} to ${request.image}`;
    }
    case "rollback": {
      const to =
        request.toRevision === undefined ? "its previous revision" : `revision ${request.toRevision}`;
      return `a request to roll back ${describeTarget(request.target)}${where} to ${to}`;
    }
    case "apply":
      return `a request to apply ${request.path} from the default branch${where}${request.force ? " with --force-conflicts" : ""}`;
    case "delete":
      return `a request to delete ${describeTarget(request.target)}${where}`;
    case "argo":
      return describeArgoRequest(request);
    case "helm-upgrade":
    case "helm-rollback":
    case "helm-uninstall":
      return describeHelmRequest(request);
    case "jenkins-build":
      return describeJenkinsRequest(request);
  }
}
