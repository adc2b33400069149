// The emulator through the real openai SDK: scripted replies in order, request recording,
// failure modes, and a script that runs out.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAIEmulator, startOpenAIEmulator } from "./index.ts";

let emulator: OpenAIEmulator;
let client: OpenAI;
beforeAll(async () => {
  emulator = await startOpenAIEmulator();
  client = new OpenAI({ baseURL: emulator.baseUrl, apiKey: "k", maxRetries: 0, timeout: 1000 });
});
afterAll(async () => {
  await emulator?.close();
});

const ask = (content = "hi") =>
  client.chat.completions.create({ model: "m", messages: [{ role: "user", content }] });

describe("OpenAI-compatible emulator", () => {
  it("plays tool calls, JSON and text in order, with usage, and records each request", async () => {
    emulator.play([
      { toolCalls: [{ name: "k8s_get", arguments: { kind: "Pod" } }] },
      { json: { slug: "x" }, usage: { promptTokens: 10, completionTokens: 3 } },
      { content: "plain" },
    ]);
    const first = await ask("one");
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function).toEqual({
      name: "k8s_get",
      arguments: '{"kind":"Pod"}',
    });
    const second = await ask("two");
    expect(second.choices[0]?.message.content).toBe('{"slug":"x"}');
    expect(second.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 });
    expect((await ask()).choices[0]?.message.content).toBe("plain");
    expect(emulator.requests.map((r) => r.body.messages[0]?.content)).toEqual(["one", "two", "hi"]);
    expect(emulator.requests[0]?.path).toBe("/v1/chat/completions");
    expect(emulator.remaining()).toBe(0);
  });

  it("answers 429 with retry-after, 500, a body that is not JSON, and says when the script ran out", async () => {
    emulator.play([
      { status: 429, headers: { "retry-after": "7" } },
      { status: 500, message: "boom" },
      { rawBody: "<html>" },
    ]);
    const limited = await ask().catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after")).toBe("7");
    await expect(ask()).rejects.toThrow(/boom/);
    await expect(ask()).rejects.toThrow();
    await expect(ask()).rejects.toThrow(/no reply for chat request #4/);
  });

  it("answers late (the client times out) and chooses replies by request with a function script", async () => {
    emulator.play([{ delayMs: 3000, reply: { content: "late" } }]);
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    emulator.play((request, index) => ({
      content: `#${index} ${String(request.body.messages[0]?.content)}`,
    }));
    expect((await ask("a")).choices[0]?.message.content).toBe("#0 a");
    expect((await ask("b")).choices[0]?.message.content).toBe("#1 b");
  });

  it("can refuse structured output like a server without it", async () => {
    const plain = await startOpenAIEmulator({ refuseJsonSchema: true, script: [{ content: "ok" }] });
    try {
      const c = new OpenAI({ baseURL: plain.baseUrl, apiKey: "k", maxRetries: 0 });
      const structured = c.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        response_format: { type: "json_schema", json_schema: { name: "p", schema: { type: "object" } } },
      });
      await expect(structured).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      const text = await c.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "x" }],
      });
      expect(text.choices[0]?.message.content).toBe("ok");
    } finally {
      await plain.close();
    }
  });
});
