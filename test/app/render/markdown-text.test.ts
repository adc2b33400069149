import { describe, expect, it } from "vitest";
import {
  codeBlock,
  codeSpan,
  htmlText,
  inlineText,
  markdownLink,
  quoteBlock,
  tableCell,
  truncate,
  withoutHidingCharacters,
  withoutMentions,
} from "../../../app/render/markdown-text.ts";
import { mermaidLabel } from "../../../app/render/mermaid-flowchart.ts";
import { fences, quotes, tables, tokens } from "./markdown-structure.ts";

describe("Markdown text helpers", () => {
  it("table cells show text literally and never split the row", () => {
    const hostile = "a | b `c` *d* _e_ [f](g) <b>h</b> \\ # ~~i~~ &amp; !x\nnext line";
    const table = `| x | y |\n|---|---|\n| ${tableCell(hostile, 500)} | end |\n`;
    expect(tables(table)).toEqual([
      [
        ["x", "y"],
        ["a | b `c` *d* _e_ [f](g) <b>h</b> \\ # ~~i~~ &amp; !x next line", "end"],
      ],
    ]);
    expect(tableCell("   ")).toBe("—");
    expect(tableCell("x".repeat(500), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("quotes keep every line literal, including list, heading and fence starts", () => {
    const text = "- item\n# title\n1. one\n22) two\n```\n> nested\n\n===\n+ plus";
    expect(quotes(quoteBlock(text))).toEqual([text.replace("\n\n", "\n")]);
    expect(
      tokens(quoteBlock(text))
        .filter((t) => t.type.endsWith("_open"))
        .map((t) => t.type),
    ).toEqual(["blockquote_open", "paragraph_open", "paragraph_open"]);
  });

  it("code blocks use a fence longer than any backtick run inside", () => {
    const text = "a ``` b\n`````\n~~~";
    const block = codeBlock(text, "diff");
    expect(block.startsWith("``````diff\n")).toBe(true);
    expect(fences(`${block}\n\nafter`)).toEqual([{ info: "diff", content: `${text}\n` }]);
    expect(codeSpan("a `b` c")).toBe("``a `b` c``");
    expect(codeSpan("`x")).toBe("`` `x ``");
  });

  it("neutralises mentions without hiding them, and leaves e-mail addresses alone", () => {
    expect(withoutMentions("@everyone hi @acme/team, mail bob@example.com")).toBe(
      "@\u200Beveryone hi @\u200Bacme/team, mail bob@example.com",
    );
    expect(inlineText("ping @alice")).toBe("ping @\u200Balice");
  });

  it("replaces bidirectional overrides and control characters, keeping tabs and newlines", () => {
    expect(withoutHidingCharacters("a\u202Eb\u0007c\td\r\ne")).toBe("a\uFFFDb\uFFFDc\td\ne");
  });

  it("escapes HTML text and cuts by code points", () => {
    expect(htmlText('<b a="1">&</b>\nx')).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&lt;/b&gt; x");
    expect(truncate("😀😀😀", 2)).toBe("😀…");
  });

  it("links only http(s) URLs and encodes what would end the link", () => {
    expect(markdownLink("#1", "https://x.test/a(b)<c>")).toBe("[#1](https://x.test/a%28b%29%3Cc%3E)");
    expect(markdownLink("#1", "https://x.test/a b")).toBe("#1 (https://x.test/a b)");
    expect(markdownLink("#1", "https://x.test/%E2%86%92")).toBe("[#1](https://x.test/%E2%86%92)");
    expect(markdownLink("#1", "https://x.test/\uD800")).toBe("#1 (https://x.test/\uFFFD)");
    expect(markdownLink("#1", "javascript:alert(1)")).toBe("#1 (javascript:alert(1))");
  });

  it("mermaid labels keep only plain characters", () => {
    expect(mermaidLabel('a"]; click x `b` <i>#35;')).toBe("a click x b i 35");
    expect(mermaidLabel("")).toBe("step");
  });
});
