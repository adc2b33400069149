// Entry point of the `skyflo` command: parse, dispatch, set the exit code. Nothing else.
import { runCli } from "./run-cli.ts";

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
