// Pods made from a workload's pod template, as the ReplicaSet, StatefulSet and DaemonSet controllers
// make them: template labels and annotations, the owner as controller, the template's spec, the node.
import type { KubeObject, ResourceType } from "../types.ts";
import { controllerReference, type Json, NODE_NAME } from "./context.ts";

export interface PodNaming {
  /** An exact name (StatefulSet pods); otherwise `generateName` makes `<prefix><5 random chars>`. */
  name?: string;
  generateName?: string;
  extraLabels?: Record<string, string>;
  extraSpec?: Json;
}

export function podFromTemplate(owner: KubeObject, ownerType: ResourceType, naming: PodNaming): KubeObject {
  const template = structuredClone(((owner.spec as Json | undefined)?.template ?? {}) as Json);
  const templateMetadata = (template.metadata ?? {}) as Json;
  const labels = { ...((templateMetadata.labels ?? {}) as Record<string, string>), ...naming.extraLabels };
  const metadata: KubeObject["metadata"] = {
    namespace: owner.metadata.namespace,
    labels,
    ownerReferences: [controllerReference(owner, ownerType)],
  };
  if (naming.name) metadata.name = naming.name;
  else metadata.generateName = naming.generateName;
  if (templateMetadata.annotations)
    metadata.annotations = templateMetadata.annotations as Record<string, string>;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec: { ...((template.spec ?? {}) as Json), ...naming.extraSpec, nodeName: NODE_NAME },
    status: { phase: "Pending" },
  };
}
