// Which protobuf message a Kubernetes apiVersion/kind is, and which messages have JSON forms of their
// own (times, quantities, int-or-string, raw JSON) instead of an object of fields.

const groupPackages: Record<string, string> = {
  "": "core",
  "coordination.k8s.io": "coordination",
  autoscaling: "autoscaling",
  apps: "apps",
};

export function protobufPackage(group: string, version: string): string {
  if (group === "meta.k8s.io") return `k8s.io.apimachinery.pkg.apis.meta.${version}`;
  const name = groupPackages[group] ?? group.split(".")[0] ?? group;
  return `k8s.io.api.${name}.${version}`;
}

/** The message for an object's apiVersion/kind (DeleteOptions may come as v1 or meta.k8s.io/v1). */
export function messageName(apiVersion: string, kind: string): string {
  if (kind === "DeleteOptions") return "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions";
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return `${protobufPackage(group ?? "", version ?? "")}.${kind}`;
}

export const wellKnownTypes = new Set([
  "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
  "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
  "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
  "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
  "k8s.io.apimachinery.pkg.api.resource.Quantity",
  "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
  "k8s.io.apimachinery.pkg.runtime.RawExtension",
]);
