// The rules grammar on its own: every supported phrasing → what it means, and every way a
// request can be unreadable → a failure that says what was understood and what is wrong.
import { describe, expect, it } from "vitest";
import { parseRequest } from "../../../../../app/planner/rules/grammar/parse-request.ts";
import type { ParsedRequest } from "../../../../../app/planner/rules/grammar/parsed-request.ts";
import { tokenize } from "../../../../../app/planner/rules/tokenize.ts";

function parse(text: string) {
  const tokens = tokenize(text);
  if (!tokens.ok) throw new Error(tokens.problem);
  return parseRequest(tokens.tokens);
}

const web = { kind: "Deployment", name: "web" } as const;

const phrasings: Array<[string, ParsedRequest]> = [
  ["scale deployment web to 5 in shop", { action: "scale", target: web, namespace: "shop", replicas: 5 }],
  ["scale web to 5 replicas -n shop", { action: "scale", target: web, namespace: "shop", replicas: 5 }],
  [
    "scale deploy/web to 5 in namespace shop",
    { action: "scale", target: web, namespace: "shop", replicas: 5 },
  ],
  ["Scale web to 0 pods in shop.", { action: "scale", target: web, namespace: "shop", replicas: 0 }],
  [
    "scale deploy/web --replicas=5 --namespace=shop",
    { action: "scale", target: web, namespace: "shop", replicas: 5 },
  ],
  [
    "scale web --replicas 2 --namespace shop",
    { action: "scale", target: web, namespace: "shop", replicas: 2 },
  ],
  [
    "scale statefulset db to 3 in shop",
    { action: "scale", target: { kind: "StatefulSet", name: "db" }, namespace: "shop", replicas: 3 },
  ],
  [
    "scale sts/db to 3 in shop",
    { action: "scale", target: { kind: "StatefulSet", name: "db" }, namespace: "shop", replicas: 3 },
  ],
  ["in shop scale web to 4", { action: "scale", target: web, namespace: "shop", replicas: 4 }],
  ["restart deploy/web in shop", { action: "restart", target: web, namespace: "shop" }],
  ["restart web in shop", { action: "restart", target: web, namespace: "shop" }],
  ["rollout restart deployment web -n shop", { action: "restart", target: web, namespace: "shop" }],
  [
    "restart ds/agent in shop",
    { action: "restart", target: { kind: "DaemonSet", name: "agent" }, namespace: "shop" },
  ],
  [
    "set image web=nginx:1.27 in shop",
    {
      action: "set-image",
      target: web,
      namespace: "shop",
      container: { by: "name-or-only", name: "web" },
      image: "nginx:1.27",
    },
  ],
  [
    "set image deploy/web app=nginx:1.27 -n shop",
    {
      action: "set-image",
      target: web,
      namespace: "shop",
      container: { by: "name", name: "app" },
      image: "nginx:1.27",
    },
  ],
  [
    "set image of web to nginx:1.27 in shop",
    { action: "set-image", target: web, namespace: "shop", container: { by: "only" }, image: "nginx:1.27" },
  ],
  [
    "set the image of sts/db to registry.example.com/db@sha256:abc in shop",
    {
      action: "set-image",
      target: { kind: "StatefulSet", name: "db" },
      namespace: "shop",
      container: { by: "only" },
      image: "registry.example.com/db@sha256:abc",
    },
  ],
  ["rollback web in shop", { action: "rollback", target: web, namespace: "shop", toRevision: undefined }],
  [
    "rollback web to revision 3 in shop",
    { action: "rollback", target: web, namespace: "shop", toRevision: 3 },
  ],
  [
    "roll back deploy/web to 2 in shop",
    { action: "rollback", target: web, namespace: "shop", toRevision: 2 },
  ],
  ["undo deploy/web -n shop", { action: "rollback", target: web, namespace: "shop", toRevision: undefined }],
  [
    "rollout undo deployment/web --to-revision=4 -n shop",
    { action: "rollback", target: web, namespace: "shop", toRevision: 4 },
  ],
  ["apply k8s/web.yaml", { action: "apply", path: "k8s/web.yaml", namespace: undefined, force: false }],
  [
    "apply -f deploy/web.yml in shop",
    { action: "apply", path: "deploy/web.yml", namespace: "shop", force: false },
  ],
  [
    "apply k8s/web.yaml --force-conflicts",
    { action: "apply", path: "k8s/web.yaml", namespace: undefined, force: true },
  ],
  [
    "apply --force -f k8s/web.json -n shop",
    { action: "apply", path: "k8s/web.json", namespace: "shop", force: true },
  ],
  ["delete deployment web in shop", { action: "delete", target: web, namespace: "shop" }],
  [
    "delete sts/db -n shop",
    { action: "delete", target: { kind: "StatefulSet", name: "db" }, namespace: "shop" },
  ],
];

describe("parseRequest: supported phrasings", () => {
  it.each(phrasings)("%s", (text, expected) => {
    expect(parse(text)).toEqual({ ok: true, value: expected });
  });
});

const failures: Array<[string, string | undefined, string]> = [
  // [request, what it understood (or undefined), words the problem must contain]
  ["", undefined, "the request is empty"],
  ["make it faster", undefined, '"make" does not start a request'],
  ["scale web to 5", "a request to scale Deployment web to 5 replicas", 'Skyflo does not assume "default"'],
  ["restart web", "a request to restart Deployment web", 'add "in <namespace>"'],
  ["scale web to five in shop", "a request to scale Deployment web", '"five" is not a whole number'],
  ["scale web to -1 in shop", "a request to scale Deployment web", '"-1" is not a whole number'],
  ["scale web in shop", "a request to scale Deployment web", "the replica count is missing"],
  ["scale web to 5 in shop and api", "a request to scale Deployment web to 5 replicas", '"and api"'],
  ["scale web to 5 in shop -n prod", undefined, 'more than one namespace ("shop", "prod")'],
  ["scale web to 5 in", undefined, '"in" must be followed by a namespace'],
  ["scale web to 5 in Shop", undefined, '"Shop" is not a valid namespace name'],
  [
    "scale --all to 5 in shop",
    "a request to scale a workload",
    '"--all" is not a valid Kubernetes object name (it looks like a command-line flag)',
  ],
  [
    "scale ../x to 5 in shop",
    "a request to scale a workload",
    '"../x" is not a valid Kubernetes object name',
  ],
  [
    "scale deploy/../x to 5 in shop",
    "a request to scale a workload",
    '"../x" is not a valid Kubernetes object name',
  ],
  [
    "scale web;rm to 5 in shop",
    "a request to scale a workload",
    '"web;rm" is not a valid Kubernetes object name',
  ],
  [
    "restart $(reboot) in shop",
    "a request to restart a workload",
    '"$(reboot)" is not a valid Kubernetes object name',
  ],
  ["scale cm/web to 5 in shop", "a request to scale a workload", '"cm" is not a workload kind'],
  ["scale deployment to 5 in shop", "a request to scale Deployment to", "the replica count is missing"],
  ["delete web in shop", "a request to delete a workload", 'the kind of "web" is not written'],
  ["delete configmap web in shop", "a request to delete a workload", '"configmap" is not a workload kind'],
  ["set image web in shop", "a request to set an image of Deployment web", "the new image is missing"],
  [
    "set image web=nginx;reboot in shop",
    "a request to set a container image",
    '"nginx;reboot" is not a valid container image',
  ],
  [
    "set image of web nginx:1.27 in shop",
    "a request to set the image of Deployment web",
    'write "to <image>"',
  ],
  ["set replicas web 5", undefined, 'after "set" the rules planner expects "image"'],
  [
    "set image deploy/web App=nginx:1 in shop",
    "a request to set an image of Deployment web",
    '"App" is not a valid container name',
  ],
  [
    "rollback web to revision x in shop",
    "a request to roll back Deployment web",
    '"x" is not a whole number',
  ],
  [
    "rollback web to revision 0 in shop",
    "a request to roll back Deployment web",
    "revisions are numbered from 1",
  ],
  ["apply", "a request to apply a manifest file from the repository", "the file is missing"],
  ["apply ../secrets.yaml", "a request to apply a manifest file from the repository", '"." or ".." parts'],
  [
    "apply /etc/k8s.yaml",
    "a request to apply a manifest file from the repository",
    "relative to the repository root",
  ],
  [
    "apply k8s/--force.yaml",
    "a request to apply a manifest file from the repository",
    "would read as an option",
  ],
  [
    "apply k8s/web.sh",
    "a request to apply a manifest file from the repository",
    "ending in .yaml, .yml, .json",
  ],
  ["apply k8s//web.yaml", "a request to apply a manifest file from the repository", "empty part"],
  ["apply k8s/web$x.yaml", "a request to apply a manifest file from the repository", 'contains "$"'],
  ["apply k8s/web.yaml k8s/api.yaml", "a request to apply k8s/web.yaml", '"k8s/api.yaml"'],
  ["roll web in shop", undefined, '"roll" does not start a request'],
];

describe("parseRequest: requests it cannot read", () => {
  it.each(failures)("%j", (text, understood, problem) => {
    const result = parse(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.understood).toBe(understood);
    expect(result.failure.problem).toContain(problem);
  });
});

describe("tokenize", () => {
  it("refuses control characters and over-long requests", () => {
    expect(tokenize("scale web\u0000 to 5 in shop")).toMatchObject({
      ok: false,
      problem: expect.stringContaining("control characters"),
    });
    expect(tokenize(`scale ${"w".repeat(600)} to 5 in shop`)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("at most 500"),
    });
  });

  it("splits on any whitespace and drops sentence punctuation at the end", () => {
    const result = tokenize("  scale\tweb \n to 5   in shop!! ");
    expect(result.ok && result.tokens.map((t) => t.text)).toEqual(["scale", "web", "to", "5", "in", "shop"]);
  });

  it("reads unicode names as one word, which the validators then refuse", () => {
    expect(parse("scale wéb to 5 in shop")).toMatchObject({
      ok: false,
      failure: { problem: expect.stringContaining('"wéb" is not a valid Kubernetes object name') },
    });
  });
});
