import { describe, expect, it } from "vitest";
import { bodyMetadataComment } from "../../../app/render/body-metadata.ts";
import { readBodyMetadata, renderPlanBody } from "../../../app/render/index.ts";
import { planView } from "./render-fixtures.ts";

const DIGEST = `sha256:${"a".repeat(64)}`;
const METADATA = { planId: "42-scale-web", digest: DIGEST, requester: "alice", issue: 42 };
const BLOCK = bodyMetadataComment(METADATA);

describe("readBodyMetadata", () => {
  it("reads back what renderPlanBody wrote", () => {
    const view = planView();
    expect(readBodyMetadata(renderPlanBody(view))).toEqual({
      planId: view.plan.metadata.id,
      digest: view.digest,
      requester: view.plan.metadata.request.by,
      issue: view.issue.number,
    });
  });

  it("survives edits around the block, CRLF line ends and trailing spaces", () => {
    const edited = `Edited by a reviewer.\r\n\r\n${BLOCK}   \r\n\r\nMore notes, with \`<!-- skyflo:plan\` in inline code.`;
    expect(readBodyMetadata(edited)).toEqual(METADATA);
  });

  it("refuses a body with two blocks, even identical ones", () => {
    expect(readBodyMetadata(`${BLOCK}\n\ntext\n\n${BLOCK}`)).toBeUndefined();
    const other = bodyMetadataComment({ ...METADATA, digest: `sha256:${"b".repeat(64)}` });
    expect(readBodyMetadata(`${BLOCK}\n${other}`)).toBeUndefined();
  });

  it("ignores blocks inside code fences (backticks or tildes, longer closing fences) and indented ones", () => {
    const fake = bodyMetadataComment({ ...METADATA, planId: "7-fake" });
    expect(readBodyMetadata(`\`\`\`\n${fake}\n\`\`\`\n\n${BLOCK}`)).toEqual(METADATA);
    expect(readBodyMetadata(`~~~~ text\n${fake}\n~~~\n~~~~~\n\n${BLOCK}`)).toEqual(METADATA);
    expect(readBodyMetadata(`\`\`\`\`diff\n\`\`\`\n${fake}\n\`\`\`\`\n${BLOCK}`)).toEqual(METADATA);
    expect(readBodyMetadata(`    ${fake}\n> ${fake}\n${BLOCK}`)).toEqual(METADATA);
    // A fence left open swallows the rest of the body, as it does when GitHub renders it.
    expect(readBodyMetadata(`\`\`\`\n${BLOCK}`)).toBeUndefined();
    // "```x`" is not a fence (backtick in the info string): the block after it counts.
    expect(readBodyMetadata(`\`\`\`x\`\n${BLOCK}`)).toEqual(METADATA);
  });

  it("refuses blocks that do not parse or validate", () => {
    expect(readBodyMetadata("no metadata here")).toBeUndefined();
    expect(readBodyMetadata("<!-- skyflo:plan {not json} -->")).toBeUndefined();
    expect(readBodyMetadata("<!-- skyflo:plan {} -->")).toBeUndefined();
    expect(readBodyMetadata(BLOCK.replace(" -->", ""))).toBeUndefined();
    expect(readBodyMetadata(bodyMetadataComment({ ...METADATA, digest: "sha256:short" }))).toBeUndefined();
    expect(readBodyMetadata(bodyMetadataComment({ ...METADATA, issue: 0 }))).toBeUndefined();
    expect(readBodyMetadata(bodyMetadataComment({ ...METADATA, planId: "../etc" }))).toBeUndefined();
    const extra = BLOCK.replace('"issue":42', '"issue":42,"approved":true');
    expect(readBodyMetadata(extra)).toBeUndefined();
  });

  it("writes values that could end the comment as JSON escapes", () => {
    const block = bodyMetadataComment({ ...METADATA, requester: "a-->b<c>&" });
    expect(block.indexOf("-->")).toBe(block.length - 3);
    expect(JSON.parse(block.slice("<!-- skyflo:plan ".length, -" -->".length)).requester).toBe("a-->b<c>&");
  });
});
