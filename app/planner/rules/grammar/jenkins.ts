// Jenkins requests: "build [job] <name> [with] [KEY=value …]", also "trigger job …". Values may be
// quoted ("MSG=\"two words\"", 'MSG=\'x\''); pairs may be separated by spaces, commas or "and".
// Read before the namespace clause is taken out (Jenkins jobs have no namespace, and a quoted value
// may well contain " in "). The job name and parameter names are checked with the Jenkins tools'
// own schemas; values are checked against the job's definitions when planning.
import { jobName, parameterName } from "../../../../tools/jenkins/names.ts";
import type { Token } from "../tokenize.ts";
import { fail, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";

export interface JenkinsParameter {
  name: string;
  /** As written (quotes removed); the job's definitions decide its type. */
  value: string;
}

export interface JenkinsRequest {
  action: "jenkins-build";
  job: string;
  parameters: JenkinsParameter[];
  /** Jenkins jobs live in no namespace. */
  namespace: undefined;
}

/** Whether the request is a Jenkins build ("build …", "trigger job …"). */
export function isJenkinsRequest(tokens: readonly Token[]): boolean {
  const [first, second] = tokens;
  if (first?.lower === "build") return true;
  return first?.lower === "trigger" && (second?.lower === "job" || second?.lower === "build");
}

function describeParameters(parameters: readonly JenkinsParameter[]): string {
  return parameters
    .map((p) => `${p.name}=${/^[^\s,"']+$/.test(p.value) ? p.value : JSON.stringify(p.value)}`)
    .join(", ");
}

export function describeJenkinsRequest(request: JenkinsRequest): string {
  const withText = request.parameters.length > 0 ? ` with ${describeParameters(request.parameters)}` : "";
  return `a request to build Jenkins job "${request.job}"${withText}`;
}

type Scanned = { ok: true; parameters: JenkinsParameter[] } | { ok: false; problem: string };

/** Reads `KEY=value KEY="two words", KEY='x' and KEY=y` from the text after the job name. */
function scanParameters(text: string): Scanned {
  const parameters: JenkinsParameter[] = [];
  let at = 0;
  const skipSeparators = () => {
    for (;;) {
      const separator = /^(\s+|,|and(?=\s))/i.exec(text.slice(at));
      if (!separator || separator[0].length === 0) return;
      at += separator[0].length;
    }
  };
  skipSeparators();
  while (at < text.length) {
    const pair = /^([^\s=,]+)=/.exec(text.slice(at));
    if (!pair) {
      const word = /^\S+/.exec(text.slice(at))?.[0] ?? "";
      return {
        ok: false,
        problem: `"${word}" is not a parameter: write parameters as NAME=value, e.g. ENV=prod`,
      };
    }
    const name = pair[1] as string;
    const checked = parameterName.safeParse(name);
    if (!checked.success) {
      return {
        ok: false,
        problem: `"${name}" is not a valid parameter name: it ${checked.error.issues[0]?.message}`,
      };
    }
    at += pair[0].length;
    let value: string;
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, at + 1);
      if (end < 0)
        return { ok: false, problem: `the value of ${name} opens a ${quote} quote that is never closed` };
      value = text.slice(at + 1, end);
      at = end + 1;
      if (at < text.length && !/[\s,]/.test(text[at] as string)) {
        return { ok: false, problem: `write a space or comma after the closing quote of ${name}'s value` };
      }
    } else {
      const bare = /^[^\s,]*/.exec(text.slice(at))?.[0] ?? "";
      value = bare;
      at += bare.length;
    }
    if (parameters.some((p) => p.name === name)) {
      return { ok: false, problem: `parameter ${name} is given twice; give each parameter once` };
    }
    parameters.push({ name, value });
    skipSeparators();
  }
  return { ok: true, parameters };
}

/** Reads the whole request (the verb included); nothing is taken out before. */
export function parseJenkinsBuild(tokens: readonly Token[]): GrammarResult<ParsedRequest> {
  let index = 1;
  if (tokens[index]?.lower === "job" || tokens[index]?.lower === "build") index++;
  const understood = "a request to build a Jenkins job";
  const written = tokens[index];
  if (written === undefined)
    return fail(understood, 'the job is missing: write "build job <name>", e.g. "build job deploy-web"');
  const job = jobName.safeParse(written.text);
  if (!job.success) {
    return fail(
      understood,
      `${JSON.stringify(written.text)} is not a valid Jenkins job name: it ${job.error.issues[0]?.message}`,
    );
  }
  index++;
  if (tokens[index]?.lower === "with") index++;
  // The tokenizer split on whitespace; rejoined with one space, a quoted value keeps its words.
  const rest = tokens
    .slice(index)
    .map((t) => t.text)
    .join(" ");
  const scanned = scanParameters(rest);
  const jobUnderstood = `a request to build Jenkins job "${job.data}"`;
  if (!scanned.ok) return fail(jobUnderstood, scanned.problem);
  return success({
    action: "jenkins-build",
    job: job.data,
    parameters: scanned.parameters,
    namespace: undefined,
  });
}
