import { describe, expect, it } from "vitest";
import {
  COMMAND_EXAMPLES,
  type Command,
  MAX_COMMENT_CHARS,
  MAX_REQUEST_CHARS,
  parseCommand,
} from "../../../app/commands/parse-command.ts";

const plan = (text: string): Command => ({ kind: "plan", text });

describe("parseCommand: commands it reads", () => {
  const cases: Array<[name: string, body: string, expected: Command]> = [
    ["bare request", "/skyflo scale web to 5 in shop", plan("scale web to 5 in shop")],
    ["explicit plan", "/skyflo plan scale web to 5 in shop", plan("scale web to 5 in shop")],
    ["plan word in any case", "/skyflo PLAN restart web in shop", plan("restart web in shop")],
    ["help", "/skyflo help", { kind: "help" }],
    ["help in capitals", "/skyflo HELP", { kind: "help" }],
    ["help with words after it", "/skyflo help me please", { kind: "help" }],
    ["the word alone is help", "/skyflo", { kind: "help" }],
    ["the word alone with trailing spaces", "/skyflo   \n", { kind: "help" }],
    ["replan", "/skyflo replan", { kind: "replan" }],
    ["apply", "/skyflo apply", { kind: "apply" }],
    ["apply with a file is a request", "/skyflo apply k8s/web.yaml", plan("apply k8s/web.yaml")],
    ["command word in any case", "/SkyFlo scale web to 2 in shop", plan("scale web to 2 in shop")],
    ["leading spaces", "   /skyflo restart web in shop", plan("restart web in shop")],
    ["tab between word and request", "/skyflo\tscale web to 1 in shop", plan("scale web to 1 in shop")],
    ["request is trimmed", "/skyflo    scale web to 3 in shop   ", plan("scale web to 3 in shop")],
    ["only the rest of the line", "/skyflo scale web to 5 in shop\nthanks!", plan("scale web to 5 in shop")],
    ["CRLF line ends", "hi\r\n/skyflo restart web in shop\r\nbye", plan("restart web in shop")],
    ["old Mac line ends", "hi\r/skyflo restart web in shop", plan("restart web in shop")],
    ["after other text", "Please do this:\n\n/skyflo scale web to 5 in shop", plan("scale web to 5 in shop")],
    [
      "first command line wins",
      "/skyflo scale web to 5 in shop\n/skyflo apply",
      plan("scale web to 5 in shop"),
    ],
    [
      "unicode letters are the planner's to judge",
      "/skyflo redémarre web à shop",
      plan("redémarre web à shop"),
    ],
    ["emoji are fine", "/skyflo scale web to 5 in shop 🚀", plan("scale web to 5 in shop 🚀")],
    [
      "a command after a closed fence",
      "```\n/skyflo apply\n```\n/skyflo restart web in shop",
      plan("restart web in shop"),
    ],
    ["a command after a quote", "> /skyflo delete deployment web in shop\n\n/skyflo help", { kind: "help" }],
    ["inline code with backticks is not a fence", "``` `x` ```\n/skyflo help", { kind: "help" }],
    ["after a one-line HTML comment", "<!-- note -->\n/skyflo help", { kind: "help" }],
    ["after a multi-line HTML comment", "<!--\nnote\n-->\n/skyflo help", { kind: "help" }],
    ["after a fence in a list item", "- ```\n  /skyflo apply\n  ```\n/skyflo help", { kind: "help" }],
    ["an HTML comment on the command's own line", "/skyflo help <!-- hi -->", { kind: "help" }],
    [
      "exactly the longest request",
      `/skyflo ${"a".repeat(MAX_REQUEST_CHARS)}`,
      plan("a".repeat(MAX_REQUEST_CHARS)),
    ],
  ];
  it.each(cases)("%s", (_name, body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });
});

describe("parseCommand: comments that are not commands", () => {
  const cases: Array<[name: string, body: string]> = [
    ["empty comment", ""],
    ["plain conversation", "Looks good to me"],
    ["mentioned mid-line", "you can type /skyflo scale web to 5 in shop"],
    ["in inline code mid-line", "try `/skyflo help`"],
    ["quoted", "> /skyflo scale web to 5 in shop"],
    ["quoted with leading spaces", "  > /skyflo scale web to 5 in shop"],
    ["nested quote", "> > /skyflo apply"],
    ["in a backtick fence", "```\n/skyflo apply\n```"],
    ["in a tilde fence", "~~~text\n/skyflo apply\n~~~"],
    ["in an unclosed fence", "```sh\n/skyflo apply"],
    ["a shorter fence does not close a longer one", "````\n```\n/skyflo apply\n````"],
    ["a tilde line does not close a backtick fence", "```\n~~~\n/skyflo apply\n```"],
    ["in an HTML comment", "<!--\n/skyflo apply\n-->"],
    ["in an HTML comment opened mid-line", "Notes <!-- hidden\n/skyflo apply\n-->"],
    ["in an HTML comment reopened after one closed", "<!--\nx --> y <!--\n/skyflo apply\n-->"],
    ["in a fence opened by a list item", "1. ```\n   /skyflo apply"],
    ["indented four spaces (a Markdown code block)", "    /skyflo apply"],
    ["indented with a tab (a Markdown code block)", "\t/skyflo apply"],
    ["in a list item", "- /skyflo apply"],
    ["another bot's command", "/skyflow deploy"],
    ["another command with a dash", "/skyflo-bot help"],
    ["another command with a digit", "/skyflo2 help"],
    ["another command with an underscore", "/skyflo_old help"],
    ["not ours, and nothing else", "/skyflowers are nice\n> /skyflo apply"],
    ["a bare slash", "/"],
    ["a path", "/skyflo/plans/1-scale.yaml is the plan"],
    ["a file name", "/skyflo.yml was renamed"],
    ["a possessive", "/skyflo's docs explain it"],
  ];
  it.each(cases)("%s", (_name, body) => {
    expect(parseCommand(body)).toEqual({ kind: "ignore" });
  });

  it("ignores oversized and binary comments that hold no command (not ours to answer)", () => {
    expect(parseCommand("x".repeat(MAX_COMMENT_CHARS + 1))).toEqual({ kind: "ignore" });
    expect(parseCommand("blob\u0000\u0001\u0002")).toEqual({ kind: "ignore" });
  });

  it("a command after another bot's line is still found", () => {
    expect(parseCommand("/skyflow deploy\n/skyflo help")).toEqual({ kind: "help" });
  });

  it("never throws on non-text input", () => {
    expect(parseCommand(undefined as unknown as string)).toEqual({ kind: "ignore" });
    expect(parseCommand(42 as unknown as string)).toEqual({ kind: "ignore" });
  });
});

describe("parseCommand: commands it refuses, with a reason and examples", () => {
  const cases: Array<[name: string, body: string, reason: RegExp]> = [
    [
      "comment over the GitHub limit",
      `/skyflo scale web to 5 in shop\n${"x".repeat(MAX_COMMENT_CHARS)}`,
      /This comment is 65567 characters long, over the 65536 characters a comment can hold/,
    ],
    ["NUL in the comment", "/skyflo scale web\u0000 to 5 in shop", /control character \(U\+0000\)/],
    ["NUL elsewhere in the comment", "/skyflo help\n\u0000\u0000", /looks like binary data/],
    ["escape character", "/skyflo scale web to 5 \u001b[31min shop", /control character \(U\+001B\)/],
    ["C1 control", "/skyflo scale web\u0085to 5", /control character \(U\+0085\)/],
    ["bidi override", "/skyflo delete web in \u202Eshop", /invisible character \(U\+202E\)/],
    ["bidi embedding", "/skyflo delete web in \u202Ashop", /invisible character \(U\+202A\)/],
    ["bidi isolate", "/skyflo scale web to 5 in \u2066shop\u2069", /invisible character \(U\+2066\)/],
    ["last bidi isolate", "/skyflo scale web to 5 in shop\u2069x", /invisible character \(U\+2069\)/],
    ["right-to-left mark", "/skyflo scale web to 5 in \u200Fshop", /invisible character \(U\+200F\)/],
    ["zero-width space", "/skyflo scale w\u200Beb to 5 in shop", /invisible character \(U\+200B\)/],
    ["zero-width joiner", "/skyflo scale w\u200Deb to 5 in shop", /invisible character \(U\+200D\)/],
    ["word joiner", "/skyflo scale w\u2060eb to 5 in shop", /invisible character \(U\+2060\)/],
    ["byte order mark inside", "/skyflo scale w\uFEFFeb to 5 in shop", /invisible character \(U\+FEFF\)/],
    [
      "tag characters",
      "/skyflo scale web to 5 in shop\u{E0041}\u{E0042}",
      /invisible character \(U\+E0041\)/,
    ],
    ["replacement character", "/skyflo scale web to 5 in \uFFFDshop", /could not be decoded/],
    ["unpaired surrogate", "/skyflo scale web to 5 in \uD800shop", /unpaired surrogate/],
    [
      "request over the limit",
      `/skyflo ${"a".repeat(MAX_REQUEST_CHARS + 1)}`,
      /The request is 501 characters long; Skyflo reads requests of up to 500 characters, on one line/,
    ],
    [
      "long request counted in characters, not UTF-16 units",
      `/skyflo ${"😀".repeat(MAX_REQUEST_CHARS + 1)}`,
      /The request is 501 characters long/,
    ],
    ["plan without a request", "/skyflo plan", /`\/skyflo plan` needs a request after it/],
    ["plan with only spaces", "/skyflo plan    ", /`\/skyflo plan` needs a request after it/],
    [
      "replan with words after it",
      "/skyflo replan with 3 replicas",
      /`\/skyflo replan` takes nothing after it/,
    ],
    [
      "a colon glued to the word",
      "/skyflo: scale web to 5 in shop",
      /Put a space between `\/skyflo` and the request/,
    ],
    [
      "a comma glued to the word",
      "/skyflo, scale web to 5 in shop",
      /Put a space between `\/skyflo` and the request/,
    ],
    ["invisible character in an explicit plan", "/skyflo plan scale w\u200Beb", /invisible character/],
  ];
  it.each(cases)("%s", (_name, body, reason) => {
    const command = parseCommand(body);
    expect(command.kind).toBe("invalid");
    const text = (command as { reason: string }).reason;
    expect(text).toMatch(reason);
    for (const example of COMMAND_EXAMPLES) expect(text).toContain(`\`${example}\``);
  });

  it("does not echo the request back (a reply must not repeat what could be abuse)", () => {
    const command = parseCommand("/skyflo ping @everyone\u202E in shop");
    expect(command.kind).toBe("invalid");
    expect((command as { reason: string }).reason).not.toContain("@everyone");
  });

  it("gives three examples", () => {
    expect(COMMAND_EXAMPLES).toHaveLength(3);
  });
});
