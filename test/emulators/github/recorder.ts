// Every request the emulator answered, for assertions and the benchmark's request counts.
export interface RecordedRequest {
  method: string;
  /** Path without query and without the /api/v3 prefix. */
  path: string;
  status: number;
  /** Login of the caller (the app's bot login for installation tokens), "app" or "anonymous". */
  actor: string;
  /** A content-creating request as GitHub counts them: POST/PATCH/PUT/DELETE, except token minting. */
  writes: boolean;
}

export function isWrite(method: string, path: string): boolean {
  if (!["POST", "PATCH", "PUT", "DELETE"].includes(method)) return false;
  return !/^\/app\/installations\/[^/]+\/access_tokens$/.test(path);
}

export class RequestRecorder {
  private entries: RecordedRequest[] = [];

  record(entry: RecordedRequest): void {
    this.entries.push(entry);
  }

  list(): RecordedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  reset(): void {
    this.entries = [];
  }
}
