import { describe, expect, it } from "vitest";
import type { StepState } from "../../../app/execute/types.ts";
import { MAX_CHECK_SUMMARY } from "../../../app/render/check-summary-limit.ts";
import {
  executeCheckTitle,
  formatDuration,
  renderExecuteCheckSummary,
} from "../../../app/render/execute-check.ts";
import {
  failed,
  planOf,
  restartStep,
  scaleStep,
  setImageStep,
  succeeded,
} from "../persist/persist-fixtures.ts";
import { htmlParts, tables } from "./markdown-structure.ts";

const { plan } = planOf([scaleStep(), setImageStep(), restartStep()]);

const HEADER = ["State", "Step", "Tool", "Target", "Duration", "Result"];

describe("renderExecuteCheckSummary", () => {
  it("shows one row per step: state, id, tool, target, duration and what the tool said", () => {
    const steps: StepState[] = [
      succeeded("scale-web", "k8s_scale", "Scaled deployment shop/web from 3 to 5 replicas."),
      failed("set-image-web", "k8s_set_image", "the API server answered 500"),
      { id: "restart-web", tool: "k8s_rollout_restart", status: "skipped" },
    ];
    const summary = renderExecuteCheckSummary({ plan, steps, reason: "Step set-image-web failed." });
    expect(tables(summary)).toEqual([
      [
        HEADER,
        [
          "✅ done",
          "scale-web",
          "k8s_scale",
          "Deployment/shop/web",
          "812 ms",
          "Scaled deployment shop/web from 3 to 5 replicas.",
        ],
        [
          "❌ failed",
          "set-image-web",
          "k8s_set_image",
          "Deployment/shop/web",
          "1.0 s",
          "the API server answered 500",
        ],
        ["⏭️ skipped", "restart-web", "k8s_rollout_restart", "Deployment/shop/web", "—", "—"],
      ],
    ]);
    expect(summary).toContain("1 of 3 steps done.");
    expect(summary).toContain("**Why the run stopped:**\n\nStep set-image-web failed.");
  });

  it("shows pending and running steps while the run goes on", () => {
    const steps: StepState[] = [
      { id: "scale-web", tool: "k8s_scale", status: "running", startedAt: "2026-11-25T10:07:00Z" },
      { id: "set-image-web", tool: "k8s_set_image", status: "pending" },
    ];
    const rows = tables(renderExecuteCheckSummary({ plan, steps }))[0]?.slice(1);
    expect(rows?.map((row) => [row[0], row[4]])).toEqual([
      ["⏳ running", "…"],
      ["⏸️ pending", "—"],
    ]);
    expect(renderExecuteCheckSummary({ plan, steps })).not.toContain("Why the run stopped");
  });

  it("keeps hostile summaries, errors and reasons literal: no cell breaks, HTML, links or mentions", () => {
    const hostile =
      "a | b\n| x | y |\n<img src=x onerror=alert(1)> [click](javascript:alert(1)) @acme/admins `code` **bold** <!-- hide";
    const steps: StepState[] = [
      succeeded("scale-web", "k8s_scale", hostile),
      failed("set-image-web", "k8s_set_image", hostile),
    ];
    const summary = renderExecuteCheckSummary({ plan, steps, reason: `${hostile}\n# heading\n- item` });
    const [table] = tables(summary);
    expect(table).toHaveLength(3);
    for (const row of table ?? []) expect(row).toHaveLength(6);
    const flat = hostile.replace(/\s*\n\s*/g, " ").replace("@acme", "@\u200Bacme");
    expect(table?.[1]?.[5]).toBe(flat);
    expect(table?.[2]?.[5]).toBe(flat);
    expect(htmlParts(summary)).toEqual([]);
    expect(summary).not.toMatch(/(^|[^\\])\[click\]\(/);
    expect(summary).not.toMatch(/(^|\s)@acme/);
    expect(summary).not.toMatch(/^# heading/m);
    expect(summary).not.toMatch(/^- item/m);
  });

  it("stays within GitHub's 65,535-character limit for huge outputs", () => {
    const huge = "|<".repeat(20_000);
    const many = planOf(Array.from({ length: 50 }, (_, i) => scaleStep(`scale-${i}`, 5, `w${i}`))).plan;
    const steps = many.steps.map((s) => failed(s.id, s.tool, huge));
    const summary = renderExecuteCheckSummary({ plan: many, steps, reason: huge });
    expect(summary.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY);
    // Every step still has its row: the cells shrink, the table does not lose rows.
    expect(tables(summary)[0]).toHaveLength(51);
  });

  it("cuts between lines, and says so, when even short cells cannot fit (more rows than a plan holds)", () => {
    const steps = Array.from({ length: 3_000 }, (_, i) => failed(`step-${i}`, "k8s_scale", "x".repeat(500)));
    const summary = renderExecuteCheckSummary({ plan, steps });
    expect(summary.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY);
    expect(summary.endsWith("… (cut to fit GitHub's limit for a check summary)\n")).toBe(true);
    const rows = tables(summary)[0] ?? [];
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(row).toHaveLength(6);
  });
});

describe("executeCheckTitle", () => {
  it("says where the run is", () => {
    expect(executeCheckTitle([succeeded("scale-web", "k8s_scale")])).toBe("All 1 step done");
    expect(
      executeCheckTitle([
        succeeded("scale-web", "k8s_scale"),
        { id: "set-image-web", tool: "k8s_set_image", status: "running" },
        { id: "restart-web", tool: "k8s_rollout_restart", status: "pending" },
      ]),
    ).toBe("Running set-image-web (k8s_set_image); 1 of 3 done");
    expect(
      executeCheckTitle([succeeded("scale-web", "k8s_scale"), failed("set-image-web", "k8s_set_image")]),
    ).toBe("Step set-image-web (k8s_set_image) failed; 1 of 2 done");
    expect(executeCheckTitle([{ id: "scale-web", tool: "k8s_scale", status: "unknown" }])).toBe(
      "Step scale-web (k8s_scale) was in flight when the run stopped; 0 of 1 done",
    );
    expect(executeCheckTitle([{ id: "scale-web", tool: "k8s_scale", status: "pending" }])).toBe(
      "0 of 1 steps done",
    );
  });
});

describe("formatDuration", () => {
  it("reads well at every scale and never shows nonsense", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(812.4)).toBe("812 ms");
    expect(formatDuration(4_200)).toBe("4.2 s");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(-5)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});
