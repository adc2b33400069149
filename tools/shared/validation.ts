// Argument values are validated before they reach a URL, a query string or a binary, so nothing
// a caller sends can become an unintended path segment, flag or selector.
import { z } from "zod";

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace name: a DNS-1123 label. */
export const namespaceName = z
  .string()
  .max(63)
  .regex(
    dns1123Label,
    "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric",
  )
  .describe("Kubernetes namespace");

/** An object name: a DNS-1123 subdomain (what most kinds require; never `..`, `/` or a leading `-`). */
export const objectName = z
  .string()
  .max(253)
  .regex(
    dns1123Subdomain,
    "must be a DNS-1123 name: lower-case letters, digits, '-' and '.', starting and ending alphanumeric",
  )
  .describe("Kubernetes object name");

/** A container name: a DNS-1123 label. */
export const containerName = z
  .string()
  .max(63)
  .regex(dns1123Label, "must be a DNS-1123 label")
  .describe("Container name");

/** A kind such as `Deployment` or `Rollout` (case as Kubernetes spells it, or lower-case / plural). */
export const kindName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be a Kubernetes kind such as Deployment")
  .describe("Kind, e.g. Deployment, Pod, Service, ConfigMap");

/** `v1`, `apps/v1`, `argoproj.io/v1alpha1`. */
export const apiVersionName = z
  .string()
  .max(253)
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/,
    "must be an apiVersion such as v1 or apps/v1",
  )
  .describe("apiVersion, e.g. v1, apps/v1");

// key: optional DNS prefix + '/' + name; values restricted to label-value characters.
const labelKey = "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
const labelValue = "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";
const requirement = [
  `!?${labelKey}`,
  `${labelKey}\\s*(=|==|!=)\\s*(${labelValue})?`,
  `${labelKey}\\s+(in|notin)\\s+\\(\\s*(${labelValue})?(\\s*,\\s*${labelValue})*\\s*\\)`,
].join("|");
const labelSelectorPattern = new RegExp(`^\\s*(${requirement})(\\s*,\\s*(${requirement}))*\\s*$`);

/** A label selector as `kubectl -l` takes it: `app=web,tier!=db,env in (prod,staging),!canary`. */
export const labelSelector = z
  .string()
  .max(1024)
  .regex(labelSelectorPattern, "must be a label selector such as app=web,tier in (frontend,backend)")
  .describe("Label selector, e.g. app=web,tier!=db");

const fieldRequirement = "[a-zA-Z][a-zA-Z0-9.]*\\s*(=|==|!=)\\s*[-A-Za-z0-9_.:/]*";
/** A field selector: `status.phase=Running,metadata.name!=web`. */
export const fieldSelector = z
  .string()
  .max(1024)
  .regex(
    new RegExp(`^${fieldRequirement}(,${fieldRequirement})*$`),
    "must be a field selector such as status.phase=Running",
  )
  .describe("Field selector, e.g. status.phase=Running");

/** A container image reference; no whitespace or shell metacharacters. */
export const imageReference = z
  .string()
  .min(1)
  .max(512)
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/,
    "must be an image reference such as nginx:1.27 or registry.example.com/app@sha256:…",
  )
  .describe("Container image, e.g. nginx:1.27");
