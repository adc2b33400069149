// POST selfsubjectaccessreviews: the emulator has no authorization, so every request is allowed.
// The review is answered, never stored, as on a real server.
import { badRequest } from "../errors.ts";
import { sendJson } from "../server/http-io.ts";
import type { ApiRequest } from "../server/request.ts";
import { bodyObject, isPretty } from "../server/request.ts";

export function reviewAccess(r: ApiRequest): void {
  const review = bodyObject(r, r.route.type);
  const spec = review.spec as Record<string, unknown> | undefined;
  if (!spec || (!spec.resourceAttributes && !spec.nonResourceAttributes)) {
    throw badRequest("spec.resourceAttributes or spec.nonResourceAttributes is required");
  }
  sendJson(
    r.res,
    201,
    {
      ...review,
      metadata: { ...review.metadata, creationTimestamp: null },
      status: { allowed: true, reason: "the Kubernetes emulator authorizes every request" },
    },
    isPretty(r.query),
  );
}
