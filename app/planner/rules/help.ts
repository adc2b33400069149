// What the rules planner can read, in the words people type. Shared by replies and `/skyflo help`.

export interface Phrasing {
  example: string;
  meaning: string;
}

export const SUPPORTED_PHRASINGS: readonly Phrasing[] = [
  { example: "scale deployment web to 5 in shop", meaning: "set the replica count" },
  { example: "scale web to 5 replicas -n shop", meaning: "the same; a bare name is a Deployment" },
  { example: "scale statefulset db to 3 in namespace shop", meaning: "StatefulSets too (sts/db works)" },
  { example: "restart deploy/web in shop", meaning: "rolling restart of every pod" },
  { example: "set image web=nginx:1.27 in shop", meaning: 'container "web", or the only container' },
  { example: "set image deploy/web app=nginx:1.27 in shop", meaning: "a named container" },
  { example: "set image of web to nginx:1.27 in shop", meaning: "the only container of web" },
  { example: "rollback web in shop", meaning: "back to the previous revision (Deployments)" },
  { example: "rollback web to revision 3 in shop", meaning: "back to a given revision" },
  {
    example: "apply k8s/web.yaml",
    meaning: 'a manifest file from the default branch (add "in <namespace>" for objects without one)',
  },
  {
    example: "apply k8s/web.yaml --force-conflicts",
    meaning: "also take over fields other field managers set (kubectl apply --server-side --force-conflicts)",
  },
  { example: "delete deployment web in shop", meaning: "delete one workload; the kind must be written" },
  {
    example: "promote rollout web in shop",
    meaning: "an Argo Rollout paused at a canary step goes on to its next step",
  },
  {
    example: "promote rollout web fully in shop",
    meaning:
      "skip every remaining step and analysis of an Argo Rollout (needs the same care as a destructive change)",
  },
  {
    example: "abort rollout web in shop",
    meaning: "stop an Argo Rollout's update; the stable version serves again",
  },
  { example: "retry rollout web in shop", meaning: "start an aborted Argo Rollout's steps again" },
  { example: "pause rollout web in shop", meaning: "hold an Argo Rollout where it is" },
  { example: "resume rollout web in shop", meaning: "undo a pause of an Argo Rollout" },
  {
    example: "set image of rollout web to nginx:1.28 in shop",
    meaning: "a new image for an Argo Rollout's only container: starts a canary",
  },
  {
    example: "upgrade release shop with chart charts/shop in shop",
    meaning:
      "upgrade a Helm release with a chart from the default branch (or oci://…), keeping its values; add version 1.2.3 and set image.tag=1.28",
  },
  {
    example: "rollback release shop to revision 2 in shop",
    meaning: "roll a Helm release back (default: the revision before)",
  },
  { example: "uninstall release shop in shop", meaning: "uninstall a Helm release and delete its objects" },
  {
    example: "build job deploy-web with ENV=prod",
    meaning:
      'queue a Jenkins build; parameters NAME=value (quote values with spaces: MSG="two words"), the job\'s defaults for the rest; a job in folders is team/deploy-web',
  },
];

/** The supported phrasings as a Markdown list, with the rules that apply to all of them. */
export function rulesHelp(): string {
  const lines = SUPPORTED_PHRASINGS.map((p) => `- \`${p.example}\` — ${p.meaning}`);
  return [
    "The rules planner understands:",
    "",
    ...lines,
    "",
    "Kinds: deployment (deploy), statefulset (sts), daemonset (ds); a bare name is a Deployment.",
    'Namespace: "in <namespace>", "in namespace <namespace>", "-n <namespace>" or "--namespace <namespace>". It is never assumed.',
  ].join("\n");
}
