// Serving the tool server: stdio for local MCP clients, streamable HTTP (stateless: a fresh
// server per request) for remote ones. Both use the same buildServer().
import { createServer, type Server } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export async function serveStdio(server: McpServer): Promise<void> {
  await server.connect(new StdioServerTransport());
}

export interface HttpServeOptions {
  host: string;
  port: number;
  path?: string;
}

/** Listens for MCP over streamable HTTP at `path` (default /mcp). Resolves once listening. */
export async function serveHttp(makeServer: () => McpServer, options: HttpServeOptions): Promise<Server> {
  const path = options.path ?? "/mcp";
  const http = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (url.pathname !== path) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`Not found. MCP is served at ${path}.\n`);
      return;
    }
    const server = makeServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: String(error) }, id: null }),
        );
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => resolve());
  });
  return http;
}
